"""The hotline's inbox: list, read, triage, reply, link, record calls; and who may use it.

Who: see ``keten.intake.access``. Every read and every change is audited; list queries never
decrypt report contents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from keten.accounts import policy
from keten.accounts.access import current_membership, professional_required, request_user
from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action
from keten.encryption import read_encrypted_file
from keten.intake import services, triage
from keten.intake.access import (
    READ,
    WORK,
    access_report,
    exists_for_report,
    inbox_level,
    inbox_required,
    inbox_settings_required,
    may_change_inbox_settings,
    may_manage_reply_templates,
)
from keten.intake.filter_form_html import filter_fields_html
from keten.intake.forms import (
    AssignForm,
    BulkForm,
    GrantForm,
    InboxFilterForm,
    InboxSettingsForm,
    LabelsForm,
    LinkForm,
    NoteForm,
    PhoneReportForm,
    ReplyForm,
    ReplyTemplateForm,
    SavedFilterForm,
    StateForm,
)
from keten.intake.inbox_query import SORT_FIELDS, filtered_reports
from keten.intake.inbox_rows import inbox_rows, rows_html
from keten.intake.models import (
    Author,
    InboxAccess,
    Label,
    ReplyTemplate,
    Report,
    ReportAttachment,
    State,
)
from keten.intake.page_cache import inbox_facts, inbox_people, templates_for
from keten.intake.services import TRANSITIONS, IntakeError
from keten.intake.views.public import _with_memory_uploads

PAGE_SIZE = 50

#: What the inbox's rows show of a report (``keten.intake.inbox_rows``): never its content.
LISTED_FIELDS = (
    "channel",
    "state",
    "form_of_exploitation",
    "province",
    "region",
    "immediate_danger",
    "received_on",
    "acknowledge_by",
    "acknowledged_on",
    "receipt_hash",
    "has_new_reporter_message",
    "assigned_to__full_name",
    "assigned_to__email",
)


def _membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (or the other way round) and its state."""
    links = {}
    for name in ("priority", *SORT_FIELDS):
        query = request.GET.copy()
        query.pop("page", None)
        ascending = current == name
        query["sort"] = f"-{name}" if ascending and name != "priority" else name
        state = "ascending" if current == name else "descending" if current == f"-{name}" else "none"
        links[name] = {"url": "?" + query.urlencode(), "state": state}
    return links


def _inbox_context(
    request: HttpRequest, membership: Membership, *, bulk_form: BulkForm | None = None
) -> dict[str, Any]:
    form = InboxFilterForm(request.GET or None)
    user = request_user(request)
    # The rows fetch their labels themselves, in one query (``keten.intake.inbox_rows``).
    reports = (
        filtered_reports(form, user)
        .prefetch_related(None)
        .only(*LISTED_FIELDS)
        .annotate(has_labels=exists_for_report(Report.labels.through, "report_id"))
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    today = services.today()
    # Behind ``inbox_required`` the level was just worked out for this request.
    may_work = (getattr(request, "inbox_level", None) or inbox_level(membership)) == WORK
    facts = inbox_facts(user.pk)
    query = request.GET.copy()
    query.pop("page", None)
    sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "priority"
    return {
        "form": form,
        # The filter form's fields, from pieces translated once (``keten.intake.filter_form_html``).
        "filter_fields": filter_fields_html(form),
        "filters_active": form.active(),
        "page": page,
        "rows": rows_html(inbox_rows(page.object_list, today=today), may_work=may_work),
        "query": query.urlencode(),
        "filter_query": form.as_query(),
        "sort": sort,
        "sort_links": _sort_links(request, sort),
        "today": today,
        "may_work": may_work,
        "acknowledge_days": facts.acknowledge_days,
        "may_change_settings": may_change_inbox_settings(membership),
        "may_manage_templates": may_manage_reply_templates(membership),
        "saved_filters": facts.saved_filters,
        "saved_filter_form": SavedFilterForm(),
        "bulk_form": bulk_form
        or (BulkForm(people=facts.people, states=triage.BULK_STATES) if may_work else None),
        "on_duty": may_work and facts.on_duty,
    }


@require_safe
@inbox_required(READ)
def inbox(request: HttpRequest) -> HttpResponse:
    """The list of reports, in triage order. Hotline operators and organisations granted access."""
    membership = _membership(request)
    context = _inbox_context(request, membership)
    log_action(
        "report.listed",
        actor=membership.user,
        organisation=membership.organisation,
        data={"shown": len(context["page"].object_list), "page": context["page"].number},
    )
    return render(request, "intake/inbox.html", context)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    """Back to the list with the filters the person had (re-read by the filter form)."""
    form = InboxFilterForm(QueryDict(request.POST.get("filters", "")) or None)
    query = form.as_query()
    return redirect(reverse("intake:inbox") + (f"?{query}" if query else ""))


@require_POST
@inbox_required(WORK)
def bulk(request: HttpRequest) -> HttpResponse:
    """One change for every report ticked: assign and/or move. Each change is audited by its
    service; what was refused is said report by report, the rest is done."""
    membership = _membership(request)
    people = inbox_people()
    form = BulkForm(request.POST, people=people, states=triage.BULK_STATES)
    if not form.is_valid():
        # Shown at the top of the list, with a link to the field, also after a reload.
        request.GET = QueryDict(request.POST.get("filters", ""))
        context = _inbox_context(request, membership, bulk_form=form)
        return render(request, "intake/inbox.html", context, status=400)
    data = form.cleaned_data
    assignee_value = data["assignee"]
    assignee = None
    if assignee_value and assignee_value != "nobody":
        assignee = User.objects.filter(pk=int(assignee_value)).first()
    try:
        outcome = triage.bulk_change(
            report_ids=data["reports"],
            membership=membership,
            assign=bool(assignee_value),
            assignee=assignee,
            to_state=data["to_state"],
        )
    except IntakeError as error:
        messages.error(request, error.message)
        return _back_to_inbox(request)
    if outcome.changed:
        messages.success(
            request,
            ngettext("%(count)d report was changed.", "%(count)d reports were changed.", len(outcome.changed))
            % {"count": len(outcome.changed)},
        )
    for report_id, reason in outcome.refused:
        messages.error(
            request,
            _("Report #%(number)05d was not changed: %(reason)s") % {"number": report_id, "reason": reason},
        )
    return _back_to_inbox(request)


@require_POST
@inbox_required(READ)
def save_filter(request: HttpRequest) -> HttpResponse:
    """Save the filter in use under a name, for the person only."""
    form = SavedFilterForm(request.POST)
    filters = InboxFilterForm(QueryDict(request.POST.get("filters", "")) or None)
    if not form.is_valid() or not filters.active():
        messages.error(request, _("Choose at least one filter and give it a name, then save it."))
        return _back_to_inbox(request)
    triage.save_filter(owner=request_user(request), name=form.cleaned_data["name"], query=filters.as_query())
    messages.success(request, _("The filter has been saved. It is yours only."))
    return _back_to_inbox(request)


@require_POST
@inbox_required(READ)
def delete_filter(request: HttpRequest, filter_id: int) -> HttpResponse:
    """Delete one of the person's own saved filters; anyone else's is 404."""
    if not triage.delete_filter(owner=request_user(request), filter_id=filter_id):
        raise Http404
    messages.success(request, _("The saved filter has been deleted."))
    return redirect("intake:inbox")


@require_POST
@inbox_required(WORK)
def duty(request: HttpRequest) -> HttpResponse:
    """Say one is on duty (danger alerts come by e-mail) or no longer."""
    on_duty = request.POST.get("on_duty") == "1"
    triage.set_on_duty(membership=_membership(request), on_duty=on_duty)
    if on_duty:
        messages.success(request, _("You are on duty: danger alerts come to you by e-mail."))
    else:
        messages.success(request, _("You are no longer on duty."))
    return redirect("intake:inbox")


@require_http_methods(["GET", "POST"])
@inbox_settings_required
def inbox_settings(request: HttpRequest) -> HttpResponse:
    """How many days the hotline gives itself to answer a new reporter.

    Hotline operators and administrators acting for the hotline; everyone else gets 404.
    """
    membership = _membership(request)
    current = services.acknowledge_days()
    status = 200
    if request.method == "POST":
        form = InboxSettingsForm(request.POST)
        if form.is_valid():
            try:
                old, new = services.set_acknowledge_days(
                    days=form.cleaned_data["acknowledge_days"], membership=membership
                )
            except IntakeError as error:
                form.add_error("acknowledge_days", error.message)
            else:
                if old == new:
                    text = ngettext(
                        "Nothing changed: the period was already %(days)d day.",
                        "Nothing changed: the period was already %(days)d days.",
                        new,
                    )
                else:
                    text = ngettext(
                        "New reports must now be acknowledged within %(days)d day.",
                        "New reports must now be acknowledged within %(days)d days.",
                        new,
                    )
                messages.success(request, text % {"days": new})
                return redirect("intake:settings")
        status = 400
    else:
        form = InboxSettingsForm(initial={"acknowledge_days": current})
    context = {
        "form": form,
        "acknowledge_days": current,
        "may_use_inbox": inbox_level(membership) is not None,
    }
    return render(request, "intake/settings.html", context, status=status)


def _optional_url(name: str, report: Report) -> str | None:
    """A link to another app's page that takes the report, if that app offers it."""
    try:
        return f"{reverse(name)}?report={report.pk}"
    except NoReverseMatch:
        return None


def _may_open_case_files(membership: Membership) -> bool:
    """Whether the person, as they act now, may turn the report into a case file: someone who
    keeps case files and reads this report (``policy.may_turn_report_into_case``)."""
    return policy.may_turn_report_into_case(membership.user, membership)


def _screenings_of(report: Report, membership: Membership) -> list[Any]:
    """The screenings started from this report that the person's organisation saved (and so may open)."""
    from keten.screening.models import Screening

    return list(Screening.objects.visible_to(membership).filter(report=report).only("pk", "created_at"))


def _reply_form(request: HttpRequest, report: Report) -> tuple[ReplyForm, ReplyTemplate | None]:
    """The reply form, filled with the template the operator picked (``?template=<id>``), if any."""
    raw = request.GET.get("template", "")
    chosen = ReplyTemplate.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    return ReplyForm(initial={"body": chosen.body} if chosen else None), chosen


def _has(report: Report, section: str) -> bool:
    """Whether the report's ``section`` has rows, as its page's query said (``access_report(...,
    for_page=True)``); a report fetched otherwise is asked."""
    return getattr(report, f"has_{section}", True)


def _render_detail(request: HttpRequest, report: Report, status: int = 200, **forms: Any) -> HttpResponse:
    membership = _membership(request)
    log_action("report.viewed", actor=membership.user, organisation=membership.organisation, obj=report)
    may_work = request.inbox_level == WORK  # type: ignore[attr-defined]
    # Only those who work in the inbox see the assignment form (and so its list of people) and
    # the reply templates; the templates only when the reporter can read a reply.
    facts = inbox_facts(membership.user_id) if may_work else None
    people = facts.people if facts else []
    labels = list(report.labels.all()) if _has(report, "labels") else []
    may_open_case_files = _may_open_case_files(membership)
    reply_form, chosen_template = (
        _reply_form(request, report) if request.method == "GET" else (ReplyForm(), None)
    )
    attachments = list(report.attachments.all()) if _has(report, "attachments") else []
    conversation = list(report.messages.select_related("operator")) if _has(report, "messages") else []
    for message in conversation:
        setattr(message, "files", [a for a in attachments if a.message_id == message.pk])  # noqa: B010
    # The page's links and forms from one reversed prefix (``intake/urls.py``: every page of a
    # report lies under its own path), not one ``{% url %}`` each.
    inbox_url = reverse("intake:inbox")
    context = {
        "report": report,
        "inbox_url": inbox_url,
        "page_url": f"{inbox_url}{report.pk}/",
        "may_work": may_work,
        "labels": labels,
        "conversation": conversation,
        "operator": Author.OPERATOR,
        "original_files": [a for a in attachments if a.message_id is None],
        "notes": report.notes.select_related("author") if _has(report, "notes") else [],
        "linked": report.linked.defer("content").order_by("pk") if _has(report, "linked") else [],
        "history": report.state_changes.select_related("actor") if _has(report, "history") else [],
        "next_states": [
            (value, label) for value, label in State.choices if value in TRANSITIONS[report.state]
        ],
        "state_form": forms.get("state_form") or StateForm(),
        "assign_form": AssignForm(initial={"assignee": report.assigned_to_id}, people=people),
        "labels_form": forms.get("labels_form")
        or LabelsForm(initial={"labels": ", ".join(label.name for label in labels)}),
        "note_form": forms.get("note_form") or NoteForm(),
        "reply_form": forms.get("reply_form") or reply_form,
        "reply_templates": templates_for(facts.reply_templates, report.language)
        if facts and report.receipt_hash
        else [],
        "chosen_template": chosen_template,
        "form_with_errors": next((form for form in forms.values() if form is not None and form.errors), None),
        "hotline_refers": not may_open_case_files,
        "screenings": _screenings_of(report, membership) if _has(report, "screenings") else [],
        "link_form": forms.get("link_form") or LinkForm(),
        "screening_url": _optional_url("screening:start", report),
        "case_url": _optional_url("cases:new", report) if may_open_case_files else None,
        "today": services.today(),
    }
    return render(request, "intake/detail.html", context, status=status)


@require_safe
@inbox_required(READ)
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report with its conversation, notes and links. Read access.

    Opening it clears the "new message from the reporter" mark for those who work in the inbox.
    """
    report = access_report(request, report_id, for_page=True)
    if report.has_new_reporter_message:
        services.mark_reporter_messages_seen(report_id=report.pk, membership=_membership(request))
    return _render_detail(request, report)


@require_safe
@inbox_required(READ)
def attachment(request: HttpRequest, report_id: int, attachment_id: int) -> HttpResponse:
    """Download one attachment, decrypted. Read access; audited."""
    report = access_report(request, report_id)
    item = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    membership = _membership(request)
    log_action(
        "report.attachment_viewed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=report,
        data={"attachment": item.pk},
    )
    extension = item.content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
    response = HttpResponse(read_encrypted_file(item.stored_name), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="report-{report.number}-{item.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def _change(
    request: HttpRequest,
    report_id: int,
    form_class: type[Any],
    form_name: str,
    action: Callable[[Report, Any, Membership], str],
    *,
    write: bool = True,
    **form_kwargs: Any,
) -> HttpResponse:
    """Run one change from a small form on the report page; re-show the page with errors if needed."""
    report = access_report(request, report_id, write=write)
    membership = _membership(request)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            done = action(report, form, membership)
        except IntakeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("intake:detail", report_id=report.pk)
    report.refresh_from_db()
    return _render_detail(request, report, status=400, **{form_name: form})


@require_POST
@inbox_required(WORK)
def change_state(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: StateForm, membership: Membership) -> str:
        services.set_report_state(
            report_id=report.pk,
            to_state=form.cleaned_data["to_state"],
            membership=membership,
            duplicate_of_id=form.cleaned_data["duplicate_of"],
        )
        return _("The state of the report has been changed.")

    return _change(request, report_id, StateForm, "state_form", action)


@require_POST
@inbox_required(WORK)
def assign(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: AssignForm, membership: Membership) -> str:
        assignee_id = form.cleaned_data["assignee"]
        assignee = User.objects.filter(pk=assignee_id).first() if assignee_id else None
        services.assign_report(report_id=report.pk, assignee=assignee, membership=membership)
        return _("The report has been assigned.") if assignee else _("The report is assigned to nobody now.")

    return _change(request, report_id, AssignForm, "assign_form", action, people=inbox_people())


@require_POST
@inbox_required(WORK)
def labels(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: LabelsForm, membership: Membership) -> str:
        services.set_report_labels(report_id=report.pk, label_names=form.label_names(), membership=membership)
        return _("The labels have been saved.")

    return _change(request, report_id, LabelsForm, "labels_form", action)


@require_POST
@inbox_required(READ)
def add_note(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: NoteForm, membership: Membership) -> str:
        services.add_report_note(report_id=report.pk, body=form.cleaned_data["body"], membership=membership)
        return _("The note has been added.")

    return _change(request, report_id, NoteForm, "note_form", action, write=False)


@require_POST
@inbox_required(WORK)
def reply(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: ReplyForm, membership: Membership) -> str:
        services.reply_to_reporter(report_id=report.pk, body=form.cleaned_data["body"], membership=membership)
        return _("Your message has been sent. The reporter reads it with their receipt code.")

    return _change(request, report_id, ReplyForm, "reply_form", action)


@require_POST
@inbox_required(WORK)
def link(request: HttpRequest, report_id: int) -> HttpResponse:
    def action(report: Report, form: LinkForm, membership: Membership) -> str:
        services.link_reports(report_id=report.pk, other_id=form.cleaned_data["other"], membership=membership)
        return _("The reports have been linked.")

    return _change(request, report_id, LinkForm, "link_form", action)


@require_POST
@inbox_required(WORK)
def unlink(request: HttpRequest, report_id: int, other_id: int) -> HttpResponse:
    report = access_report(request, report_id, write=True)
    services.unlink_reports(report_id=report.pk, other_id=other_id, membership=_membership(request))
    messages.success(request, _("The link has been removed."))
    return redirect("intake:detail", report_id=report.pk)


@require_http_methods(["GET", "POST"])
@inbox_required(WORK)
@_with_memory_uploads
def phone_report(request: HttpRequest) -> HttpResponse:
    """Record a call to the hotline (or a professional's report) with the public form's questions."""
    membership = _membership(request)
    form = PhoneReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report, code = services.submit_report(
            content=form.content(),
            form_of_exploitation=data["form_of_exploitation"],
            kind_of_place=data["kind_of_place"],
            immediate_danger=data["immediate_danger"],
            uploads=data["attachments"],
            channel=data["channel"],
            give_receipt=data["give_receipt"],
            recorded_by=membership.user,
            organisation=membership.organisation,
        )
        response = render(request, "intake/phone_recorded.html", {"report": report, "code": code})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "intake/phone.html", {"form": form})


# --- Access grants (installation administrators; listed for the hotline's administrator) --------


def _grants_page(request: HttpRequest, form: GrantForm | None = None, status: int = 200) -> HttpResponse:
    user = request_user(request)
    if not policy.may_see_inbox_grants(user):
        raise Http404
    may_grant = policy.may_grant_inbox(user)
    grants = InboxAccess.objects.select_related("organisation", "granted_by")
    return render(
        request,
        "intake/access.html",
        {
            "grants": grants,
            "form": (form or GrantForm()) if may_grant else None,
            "may_revoke": policy.may_revoke_inbox(user),
            "partner_kinds": policy.INBOX_PARTNER_KINDS,
        },
        status=status,
    )


@require_safe
@professional_required
def access_list(request: HttpRequest) -> HttpResponse:
    """Which organisations besides the hotline may use the inbox: installation administrators
    grant and withdraw; the hotline's own administrators see the list and may withdraw."""
    return _grants_page(request)


@require_POST
@professional_required
def grant_access(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not policy.may_grant_inbox(user):
        raise Http404
    form = GrantForm(request.POST)
    if not form.is_valid():
        return _grants_page(request, form, status=400)
    services.grant_inbox_access(
        organisation=form.cleaned_data["organisation"], level=form.cleaned_data["level"], actor=user
    )
    messages.success(request, _("Access to the inbox has been granted."))
    return redirect("intake:access")


@require_POST
@professional_required
def revoke_access(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = request_user(request)
    if not policy.may_revoke_inbox(user):
        raise Http404
    organisation = get_object_or_404(Organisation, pk=organisation_id, inbox_access__isnull=False)
    services.revoke_inbox_access(organisation=organisation, actor=user)
    messages.success(request, _("Access to the inbox has been withdrawn."))
    return redirect("intake:access")


# --- Reply templates (the hotline's administrators) -------------------------------------------


def _templates_membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if not may_manage_reply_templates(membership) or membership is None:
        raise Http404
    return membership


@require_http_methods(["GET", "POST"])
@professional_required
def reply_templates(request: HttpRequest) -> HttpResponse:
    """List, add and change the reply templates; the hotline's administrators only (else 404).

    ``?edit=<id>`` (or a posted ``template``) changes one; without it a new one is added.
    """
    membership = _templates_membership(request)
    raw = request.POST.get("template") or request.GET.get("edit") or ""
    editing = ReplyTemplate.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    status = 200
    if request.method == "POST":
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                triage.save_reply_template(
                    membership=membership, template_id=editing.pk if editing else None, **form.cleaned_data
                )
            except IntakeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The reply template has been saved."))
                return redirect("intake:reply_templates")
        status = 400
    elif editing is not None:
        form = ReplyTemplateForm(
            initial={"title": editing.title, "language": editing.language, "body": editing.body}
        )
    else:
        form = ReplyTemplateForm(initial={"language": request.LANGUAGE_CODE})
    context = {"templates": ReplyTemplate.objects.all(), "form": form, "editing": editing}
    return render(request, "intake/reply_templates.html", context, status=status)


@require_POST
@professional_required
def delete_reply_template(request: HttpRequest, template_id: int) -> HttpResponse:
    membership = _templates_membership(request)
    triage.delete_reply_template(membership=membership, template_id=template_id)
    messages.success(request, _("The reply template has been deleted."))
    return redirect("intake:reply_templates")


def dashboard(membership: Membership | None) -> dict[str, Any] | None:
    """Figures for the "My work" panel, or None for people without inbox access."""
    if inbox_level(membership) is None:
        return None
    today = services.today()
    reports = Report.objects.all()
    unacknowledged = reports.unacknowledged()
    return {
        "new": reports.filter(state=State.NEW).count(),
        "new_messages": reports.with_new_reporter_message().count(),
        "due_soon": reports.acknowledgement_due_soon(today).count(),
        "overdue": reports.acknowledgement_overdue(today).count(),
        "next_due": unacknowledged.filter(acknowledge_by__gte=today)
        .order_by("acknowledge_by")
        .values_list("acknowledge_by", flat=True)
        .first(),
        "danger": reports.open().filter(immediate_danger=True).count(),
        "labels": Label.objects.count(),
        "acknowledge_days": services.acknowledge_days(),
    }
