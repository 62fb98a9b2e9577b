from django.urls import path

from keten.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.start_view, name="start"),
    path("questions/", views.questionnaire_view, name="questions"),
    path("save/", views.save_view, name="save"),
    path("saved/", views.list_view, name="list"),
    path("saved/<int:screening_id>/", views.detail_view, name="detail"),
    path("saved/<int:screening_id>/hand-over/", views.handover_view, name="handover"),
    path("signals/", views.inbox_view, name="inbox"),
    path("signals/<int:handover_id>/", views.received_view, name="received"),
    path("signals/<int:handover_id>/take-up/", views.take_up_view, name="take_up"),
]
