"""The hotline's inbox: list, read, triage, reply, link, record calls; and who may use it.

Who: see ``keten.intake.access``. Every read and every change is audited; list queries never
decrypt report contents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from keten.accounts import policy
from keten.accounts.access import current_membership, professional_required, request_user
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.encryption import read_encrypted_file
from keten.intake import services
from keten.intake.access import (
    READ,
    WORK,
    access_report,
    inbox_level,
    inbox_required,
    inbox_settings_required,
    may_change_inbox_settings,
)
from keten.intake.forms import (
    AssignForm,
    GrantForm,
    InboxFilterForm,
    InboxSettingsForm,
    LabelsForm,
    LinkForm,
    NoteForm,
    PhoneReportForm,
    ReplyForm,
    StateForm,
)
from keten.intake.models import (
    AccessLevel,
    Author,
    InboxAccess,
    Label,
    Report,
    ReportAttachment,
    State,
)
from keten.intake.services import TRANSITIONS, IntakeError
from keten.intake.views.public import _with_memory_uploads

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def inbox_people() -> list[tuple[int, str]]:
    """Everyone who works in the inbox: hotline operators and members of organisations granted ``work``."""
    memberships = (
        Membership.objects.filter(is_active=True, organisation__is_active=True, user__is_active=True)
        .filter(
            Q(role=Role.HOTLINE_OPERATOR, organisation__kind=OrganisationKind.HOTLINE)
            | Q(
                organisation__inbox_access__level=AccessLevel.WORK,
                organisation__kind__in=policy.INBOX_PARTNER_KINDS,
            )
        )
        .select_related("user")
    )
    people = {m.user.pk: str(m.user) for m in memberships}
    return sorted(people.items(), key=lambda item: item[1].lower())


def _filtered(form: InboxFilterForm, user: User) -> QuerySet[Report]:
    reports = (
        Report.objects.defer("content")
        .select_related("assigned_to")
        .prefetch_related("labels")
        .order_by("-pk")
    )
    if not form.is_valid():
        return reports
    data = form.cleaned_data
    query = data["q"].strip().lstrip("#")
    # ASCII digits only: "²".isdigit() is true but int() refuses it (a 500 before).
    if query.isascii() and query.isdigit():
        reports = reports.filter(pk=int(query))
    elif query:
        reports = reports.filter(labels__name__icontains=query.lower())
    for field, key in (("state", "state"), ("channel", "channel"), ("form_of_exploitation", "form")):
        if data[key]:
            reports = reports.filter(**{field: data[key]})
    if data["assigned"] == "me":
        reports = reports.filter(assigned_to=user)
    elif data["assigned"] == "nobody":
        reports = reports.filter(assigned_to__isnull=True)
    if data["label"]:
        reports = reports.filter(labels__name=data["label"].strip().lower())
    if data["received_from"]:
        reports = reports.filter(received_on__gte=data["received_from"])
    if data["received_to"]:
        reports = reports.filter(received_on__lte=data["received_to"])
    return reports.distinct()


@require_safe
@inbox_required(READ)
def inbox(request: HttpRequest) -> HttpResponse:
    """The list of reports. Hotline operators and organisations granted access."""
    membership = _membership(request)
    form = InboxFilterForm(request.GET or None)
    page = Paginator(_filtered(form, request_user(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    log_action(
        "report.listed",
        actor=membership.user,
        organisation=membership.organisation,
        data={"shown": len(page.object_list), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": services.today(),
        "may_work": request.inbox_level == WORK,  # type: ignore[attr-defined]
        "acknowledge_days": services.acknowledge_days(),
        "may_change_settings": may_change_inbox_settings(membership),
    }
    return render(request, "intake/inbox.html", context)


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
    """Whether the person, as they act now, may open a new case file (what ``cases:new`` checks)."""
    try:
        from keten.cases.access import centre_memberships
    except ImportError:
        return False
    return any(m.pk == membership.pk for m in centre_memberships(membership.user))


def _render_detail(request: HttpRequest, report: Report, status: int = 200, **forms: Any) -> HttpResponse:
    membership = _membership(request)
    log_action("report.viewed", actor=membership.user, organisation=membership.organisation, obj=report)
    people = inbox_people()
    attachments = list(report.attachments.all())
    conversation = list(report.messages.select_related("operator"))
    for message in conversation:
        setattr(message, "files", [a for a in attachments if a.message_id == message.pk])  # noqa: B010
    context = {
        "report": report,
        "may_work": request.inbox_level == WORK,  # type: ignore[attr-defined]
        "conversation": conversation,
        "operator": Author.OPERATOR,
        "original_files": [a for a in attachments if a.message_id is None],
        "notes": report.notes.select_related("author"),
        "linked": report.linked.defer("content").order_by("pk"),
        "history": report.state_changes.select_related("actor"),
        "next_states": [
            (value, label) for value, label in State.choices if value in TRANSITIONS[report.state]
        ],
        "state_form": forms.get("state_form") or StateForm(),
        "assign_form": AssignForm(initial={"assignee": report.assigned_to_id}, people=people),
        "labels_form": forms.get("labels_form")
        or LabelsForm(initial={"labels": ", ".join(label.name for label in report.labels.all())}),
        "note_form": forms.get("note_form") or NoteForm(),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "link_form": forms.get("link_form") or LinkForm(),
        "screening_url": _optional_url("screening:start", report),
        "case_url": _optional_url("cases:new", report) if _may_open_case_files(membership) else None,
        "today": services.today(),
    }
    return render(request, "intake/detail.html", context, status=status)


@require_safe
@inbox_required(READ)
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report with its conversation, notes and links. Read access.

    Opening it clears the "new message from the reporter" mark for those who work in the inbox.
    """
    report = access_report(request, report_id)
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
