from django.urls import URLPattern, path

from keten.links import views

app_name = "links"
urlpatterns: list[URLPattern] = [
    path("notices/", views.notices, name="notices"),
    path("notices/<int:notice_id>/", views.notice, name="notice"),
    path("<slug:record_kind>/<int:record_id>/", views.identifiers, name="identifiers"),
    path("<slug:record_kind>/<int:record_id>/<int:identifier_id>/remove/", views.remove, name="remove"),
    path("<slug:record_kind>/<int:record_id>/network/", views.network, name="network"),
]
