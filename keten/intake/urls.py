from django.urls import URLPattern, URLResolver, path

from keten.intake.views import inbox, public

app_name = "intake"
urlpatterns: list[URLPattern | URLResolver] = [
    # Reporters (anyone)
    path("", public.new_report, name="new"),
    path("received/", public.received, name="received"),
    path("follow-up/", public.follow_up, name="follow_up"),
    path("follow-up/conversation/", public.thread, name="thread"),
    path("follow-up/conversation/add/", public.add_information, name="add_information"),
    path("follow-up/leave/", public.leave, name="leave"),
    path("exit/", public.quick_exit, name="quick_exit"),
    # The hotline and the organisations an administrator granted access
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/call/", inbox.phone_report, name="phone"),
    path("inbox/settings/", inbox.inbox_settings, name="settings"),
    path("inbox/bulk/", inbox.bulk, name="bulk"),
    path("inbox/filters/", inbox.save_filter, name="save_filter"),
    path("inbox/filters/<int:filter_id>/delete/", inbox.delete_filter, name="delete_filter"),
    path("inbox/duty/", inbox.duty, name="duty"),
    path("inbox/reply-templates/", inbox.reply_templates, name="reply_templates"),
    path(
        "inbox/reply-templates/<int:template_id>/delete/",
        inbox.delete_reply_template,
        name="delete_reply_template",
    ),
    path("inbox/<int:report_id>/", inbox.detail, name="detail"),
    path("inbox/<int:report_id>/files/<int:attachment_id>/", inbox.attachment, name="attachment"),
    path("inbox/<int:report_id>/state/", inbox.change_state, name="change_state"),
    path("inbox/<int:report_id>/assign/", inbox.assign, name="assign"),
    path("inbox/<int:report_id>/labels/", inbox.labels, name="labels"),
    path("inbox/<int:report_id>/notes/", inbox.add_note, name="add_note"),
    path("inbox/<int:report_id>/reply/", inbox.reply, name="reply"),
    path("inbox/<int:report_id>/links/", inbox.link, name="link"),
    path("inbox/<int:report_id>/links/<int:other_id>/remove/", inbox.unlink, name="unlink"),
    # Administrators
    path("inbox/access/", inbox.access_list, name="access"),
    path("inbox/access/grant/", inbox.grant_access, name="grant_access"),
    path("inbox/access/<int:organisation_id>/revoke/", inbox.revoke_access, name="revoke_access"),
]
