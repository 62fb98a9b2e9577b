from django.urls import URLPattern, URLResolver, path

from keten.suggestions import views

app_name = "suggestions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("report/<int:report_id>/", views.report_suggestions, name="report"),
    path("case/<int:case_id>/notes/", views.case_note_suggestions, name="case_notes"),
]
