from django.urls import URLPattern, URLResolver, path

from keten.cases import export_views, views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.caseload, name="list"),
    path("new/", views.new_case, name="new"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.edit_case, name="edit"),
    path("<int:case_id>/procedure/", views.move, name="move"),
    path("<int:case_id>/evidence/", views.add_evidence, name="add_evidence"),
    path("<int:case_id>/opinion/", views.add_opinion, name="add_opinion"),
    path("<int:case_id>/notes/", views.add_note, name="add_note"),
    path("<int:case_id>/documents/", views.add_document, name="add_document"),
    path("<int:case_id>/documents/<int:document_id>/", views.download_document, name="document"),
    path("<int:case_id>/plan/", views.save_plan, name="save_plan"),
    path("<int:case_id>/activities/", views.add_activity, name="add_activity"),
    path("<int:case_id>/contacts/", views.add_contact, name="add_contact"),
    path("<int:case_id>/links/", views.link_case, name="link"),
    path("<int:case_id>/workers/", views.assign_workers, name="assign"),
    path("<int:case_id>/close/", views.close_case, name="close"),
    path("<int:case_id>/reopen/", views.reopen_case, name="reopen"),
    path("<int:case_id>/export/", export_views.export_case, name="export"),
    path("<int:case_id>/export/download/", export_views.download_export, name="export_download"),
]
