from django.urls import URLPattern, URLResolver, path

from keten.cases import actions, export_views, views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.caseload, name="list"),
    path("new/", views.new_case, name="new"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    # The other sections of the file, one page each (keten.cases.sections).
    path("<int:case_id>/guidance/", views.case_section, {"section": "guidance"}, name="guidance"),
    path("<int:case_id>/timeline/", views.case_section, {"section": "notes"}, name="timeline"),
    path("<int:case_id>/documents/", views.case_section, {"section": "documents"}, name="documents"),
    path("<int:case_id>/chain/", views.case_section, {"section": "chain"}, name="chain"),
    path("<int:case_id>/people/", views.case_section, {"section": "people"}, name="people"),
    path("<int:case_id>/edit/", views.edit_case, name="edit"),
    path("<int:case_id>/documents/<int:document_id>/", views.download_document, name="document"),
    path("<int:case_id>/export/", export_views.export_case, name="export"),
    path("<int:case_id>/export/download/", export_views.download_export, name="export_download"),
    # One page per action: GET shows the form, POST does it (keten.cases.actions).
    path("<int:case_id>/procedure/", actions.move, name="move"),
    path("<int:case_id>/evidence/", actions.add_evidence, name="add_evidence"),
    path("<int:case_id>/opinion/", actions.add_opinion, name="add_opinion"),
    path("<int:case_id>/notes/", actions.add_note, name="add_note"),
    path("<int:case_id>/documents/upload/", actions.add_document, name="add_document"),
    path("<int:case_id>/plan/", actions.save_plan, name="save_plan"),
    path("<int:case_id>/activities/", actions.add_activity, name="add_activity"),
    path("<int:case_id>/activities/<int:activity_id>/edit/", actions.edit_activity, name="edit_activity"),
    path(
        "<int:case_id>/activities/<int:activity_id>/cancel/",
        actions.cancel_activity,
        name="cancel_activity",
    ),
    path("<int:case_id>/contacts/", actions.add_contact, name="add_contact"),
    path("<int:case_id>/links/", actions.link_case, name="link"),
    path("<int:case_id>/workers/", actions.assign_workers, name="assign"),
    path("<int:case_id>/close/", actions.close_case, name="close"),
    path("<int:case_id>/reopen/", actions.reopen_case, name="reopen"),
]
