from django.urls import path

from keten.training import views

app_name = "training"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("cases/<slug:case_id>/", views.case_view, name="case"),
    path("cases/<slug:case_id>/answer/", views.answer_view, name="answer"),
    path("answers/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("progress/", views.progress_view, name="progress"),
    path("certificate.pdf", views.certificate_view, name="certificate"),
    path("groups/<int:group_id>/certificate.pdf", views.certificate_view, name="group_certificate"),
    path("groups/", views.groups_view, name="groups"),
    path("groups/<int:group_id>/", views.group_view, name="group"),
    path("demo/", views.demo_index_view, name="demo"),
    path("demo/<slug:case_id>/", views.demo_case_view, name="demo_case"),
]
