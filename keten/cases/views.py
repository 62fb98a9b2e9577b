"""Pages of the case files. Who may use each page is stated on it; writes go through services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from keten.accounts.access import current_membership, request_user, role_required
from keten.accounts.models import User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.cases import calendar, services
from keten.cases.access import CASE_ROLES, access_case, managed_centres, may_manage
from keten.cases.choices import GuidanceDomain
from keten.cases.conf import DEADLINE_WINDOW_DAYS, upload_max_bytes
from keten.cases.formatting import render_message
from keten.cases.forms import (
    ActivityForm,
    CaseForm,
    ContactForm,
    DateReasonForm,
    DocumentForm,
    EvidenceForm,
    LinkForm,
    MoveForm,
    NoteForm,
    OpinionForm,
    PlanForm,
    WorkersForm,
)
from keten.cases.models import CalendarToken, Case, GuidanceActivity
from keten.cases.timeline import timeline
from keten.core import procedure
from keten.core.metadata import UnsafeFileError
from keten.uploads import refusal_message

PAGE_SIZE = 50
APPOINTMENTS_SHOWN = 5
# What lists show and what a deadline needs: nothing else is decrypted or loaded.
LIST_FIELDS = (
    "id",
    "centre_id",
    "given_names",
    "family_name",
    "state",
    "procedure_state",
    "procedure_since",
    "document_starts_on",
    "document_ends_on",
    "prolongations",
    "act_by",
)


def _centre_membership(request: HttpRequest) -> Any:
    membership = current_membership(request)
    if membership is None or membership.organisation.kind != OrganisationKind.CENTRE:
        raise Http404
    return membership


def _page(request: HttpRequest) -> int:
    """The page asked for, 1 to 10**6 (a 24-digit number would overflow the database's OFFSET)."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        return 1
    return max(1, int(raw))


def deadline_text(deadline: procedure.Deadline | None) -> str:
    return render_message(deadline.message) if deadline else ""


# --- Caseload ------------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def caseload(request: HttpRequest) -> HttpResponse:
    """Social workers see the cases assigned to them; centre managers the centre's caseload."""
    user = request_user(request)
    state = request.GET.get("state", "open")
    cases = Case.objects.visible_to(user).only(*LIST_FIELDS)
    if state in Case.FileState.values:
        cases = cases.filter(state=state)
    else:
        state = "all"  # what the list shows; the raw parameter never reaches the audit trail
    page = _page(request)
    # No COUNT(*): at a million rows it costs more than the page; one row more says "there is a next page".
    rows = list(cases.order_by("-id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    # The list shows victims' names: which files someone saw listed is a read like opening them.
    log_action(
        "caseload.viewed",
        actor=user,
        organisation=getattr(current_membership(request), "organisation", None),
        data={"cases": [case.pk for case in rows[:PAGE_SIZE]], "state": state, "page": page},
    )
    today = timezone.localdate()
    return render(
        request,
        "cases/list.html",
        {
            "cases": [(case, case.deadline(today)) for case in rows[:PAGE_SIZE]],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "state": state,
            "states": Case.FileState.choices,
        },
    )


# --- New case and edit ---------------------------------------------------------------------------


def _report_id(request: HttpRequest) -> int | None:
    """The intake report this case comes from (``?report=<id>``), when the intake app has it."""
    raw = request.GET.get("report") or request.POST.get("report") or ""
    if not raw.isdigit():
        return None
    try:
        model = apps.get_model("intake", "Report")
    except LookupError:
        return None
    return int(raw) if model.objects.filter(pk=int(raw)).exists() else None


@role_required(*CASE_ROLES)
def new_case(request: HttpRequest) -> HttpResponse:
    """Open a file in the centre the person works for; warns about a possible duplicate."""
    user = request_user(request)
    membership = _centre_membership(request)
    centre = membership.organisation
    report_id = _report_id(request)
    duplicates: list[int] = []
    if request.method == "POST":
        form = CaseForm(
            request.POST,
            show_confirmation="confirm_not_duplicate" in request.POST or "checked" in request.POST,
        )
        if form.is_valid():
            data = form.case_data()
            duplicates = services.find_duplicates(
                centre=centre,
                given_names=data["given_names"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
            )
            if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
                log_action(
                    "case.duplicate_warned", actor=user, organisation=centre, data={"cases": duplicates}
                )
                form = CaseForm(request.POST, show_confirmation=True)
                form.is_valid()
            else:
                workers = [user] if membership.role == Role.SOCIAL_WORKER else []
                case = services.create_case(
                    actor=user,
                    centre=centre,
                    data=data,
                    workers=workers,
                    report_id=report_id,
                    referred_on=form.cleaned_data.get("referred_on"),
                )
                messages.success(request, gettext("The file is open."))
                return redirect("cases:detail", case_id=case.pk)
    else:
        initial = {"intake_channel": "hotline_report"} if report_id else {}
        form = CaseForm(initial=initial)
    visible = set(Case.objects.visible_to(user).filter(pk__in=duplicates).values_list("pk", flat=True))
    return render(
        request,
        "cases/new.html",
        {
            "form": form,
            "duplicates": [(pk, pk in visible) for pk in duplicates],
            "report_id": report_id,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(*CASE_ROLES)
def edit_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=request.method == "POST")
    # The referral (the first step) can be re-dated while no later step is recorded.
    with_referral = services.referral_date_editable(case)
    if request.method == "POST":
        form = CaseForm(request.POST, with_referral=with_referral)
        if form.is_valid():
            try:
                services.update_case(
                    actor=user,
                    case=case,
                    data=form.case_data(),
                    referred_on=form.cleaned_data.get("referred_on"),
                )
            except services.ReferralDateRefused:
                form.add_error(
                    None, gettext("A later step is recorded: the date of referral can no longer change.")
                )
            else:
                messages.success(request, gettext("The file is saved."))
                return redirect("cases:detail", case_id=case.pk)
    else:
        initial = {field: getattr(case, field) for field in services.CASE_FIELDS}
        initial["date_of_birth"] = case.birth_date
        initial["referred_on"] = case.procedure_since
        form = CaseForm(initial=initial, with_referral=with_referral)
    return render(
        request, "cases/edit.html", {"case": case, "form": form}, status=400 if form.errors else 200
    )


# --- The case page -------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    user = request_user(request)
    today = timezone.localdate()
    decisions = procedure.allowed_events(
        case.snapshot(),
        on=today,
        nationality_eu_or_be=case.eu_or_belgian,
        evidence=services.evidence_of(case),
        minor=bool(case.minor_today),
        unaccompanied_minor=case.unaccompanied_minor_on(today),
    )
    steps = [
        {
            "event": decision.event.value,
            "label": gettext(procedure.EVENT_LABELS[decision.event]),
            "allowed": decision.allowed,
            "reasons": [render_message(reason.message) for reason in decision.reasons],
        }
        for decision in decisions
    ]
    deadline = case.deadline(today)
    documents = list(case.residence_documents.all())
    # Gaps come from the recorded steps, each with the period it covers, so that a gap
    # shows even when one document row spans it (rows recorded before gaps were split).
    periods = [
        (starts_on, ends_on)
        for starts_on, ends_on in case.procedure_events.values_list("starts_on", "ends_on")
        if starts_on is not None
    ]
    gaps = procedure.gaps_in_cover(periods)
    residence_rows: list[dict[str, Any]] = [
        {"kind": "document", "start": d.starts_on, "document": d} for d in documents
    ]
    residence_rows += [{"kind": "gap", "start": first, "until": last} for first, last in gaps]
    residence_rows.sort(key=lambda row: (row["start"], row["kind"] == "document"))
    contacts = list(case.contacts.all())
    links = list(case.links.select_related("to_case").only("kind", "to_case__id", "from_case_id"))
    plans = {plan.domain: plan for plan in case.plans.all()}
    context = {
        "case": case,
        "today": today,
        "state_label": gettext(procedure.STATE_LABELS[procedure.State(case.procedure_state)]),
        "steps": steps,
        "deadline": deadline,
        "deadline_text": deadline_text(deadline),
        "residence_rows": residence_rows,
        "gaps": gaps,
        "evidence": list(case.evidence.all()),
        "opinions": list(case.opinions.all()),
        # Titles are decrypted for the reader, as in the timeline (this read is audited as case.viewed).
        "files": list(case.documents.all()),
        "appointments": list(
            case.activities.filter(
                kind=GuidanceActivity.Kind.APPOINTMENT, happens_at__gte=timezone.now()
            ).order_by("happens_at", "pk")[:APPOINTMENTS_SHOWN]
        ),
        "contacts": contacts,
        "links": links,
        "plans": [(value, label, plans.get(value)) for value, label in GuidanceDomain.choices],
        "workers": list(case.workers.all()),
        "timeline": timeline(case),
        "may_manage": may_manage(user, case),
        "move_form": forms.get("move_form") or MoveForm(initial={"on": today}),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(initial={"recorded_on": today}),
        "opinion_form": forms.get("opinion_form") or OpinionForm(initial={"given_on": today}),
        "note_form": forms.get("note_form") or NoteForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        "plan_form": forms.get("plan_form") or PlanForm(),
        "activity_form": forms.get("activity_form") or ActivityForm(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "link_form": forms.get("link_form") or LinkForm(),
        "close_form": forms.get("close_form") or DateReasonForm(initial={"on": today}),
        "refusal": forms.get("refusal"),
        "upload_max_mb": upload_max_bytes() // (1024 * 1024),
    }
    if context["may_manage"]:
        context["workers_form"] = forms.get("workers_form") or WorkersForm(
            centre=case.centre, initial={"workers": context["workers"]}
        )
    return context


def _render_detail(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "cases/detail.html", _detail_context(request, case, **forms), status=status)


@role_required(*CASE_ROLES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The whole file: the assigned social workers and the centre's manager (audited read)."""
    case = access_case(request_user(request), case_id)
    return _render_detail(request, case)


@require_POST
@role_required(*CASE_ROLES)
def move(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, 400, move_form=form)
    try:
        decision = services.move_procedure(
            actor=user,
            case_id=case.pk,
            event=form.cleaned_data["event"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            document_reference=form.cleaned_data["document_reference"],
        )
    except services.ProcedureRefused as refused:
        reasons = [render_message(reason.message) for reason in refused.decision.reasons]
        return _render_detail(request, case, 400, move_form=form, refusal=reasons)
    messages.success(
        request, gettext("Recorded: %(step)s.") % {"step": gettext(procedure.EVENT_LABELS[decision.event])}
    )
    for note in decision.notes:
        messages.warning(request, render_message(note.message))
    return redirect("cases:detail", case_id=case.pk)


def _simple_post(form_class: type, form_name: str, action: Any, done: Any) -> Any:
    @require_POST
    @role_required(*CASE_ROLES)
    def view(request: HttpRequest, case_id: int) -> HttpResponse:
        user = request_user(request)
        case = access_case(user, case_id, write=True)
        form = form_class(request.POST)
        if not form.is_valid():
            return _render_detail(request, case, 400, **{form_name: form})
        action(user, case, form.cleaned_data)
        messages.success(request, str(done))
        return redirect(
            reverse("cases:detail", kwargs={"case_id": case.pk}) + f"#{form_name.removesuffix('_form')}"
        )

    return view


add_evidence = _simple_post(
    EvidenceForm,
    "evidence_form",
    lambda user, case, d: services.record_evidence(
        actor=user, case=case, kind=d["kind"], recorded_on=d["recorded_on"]
    ),
    _("The evidence is recorded."),
)
add_opinion = _simple_post(
    OpinionForm,
    "opinion_form",
    lambda user, case, d: services.record_opinion(
        actor=user, case=case, opinion=d["opinion"], given_on=d["given_on"]
    ),
    _("The opinion is recorded."),
)
add_note = _simple_post(
    NoteForm,
    "note_form",
    lambda user, case, d: services.add_note(actor=user, case=case, text=d["text"]),
    _("The note is saved."),
)
save_plan = _simple_post(
    PlanForm,
    "plan_form",
    lambda user, case, d: services.save_plan(actor=user, case=case, domain=d["domain"], goals=d["goals"]),
    _("The guidance plan is saved."),
)
add_activity = _simple_post(
    ActivityForm,
    "activity_form",
    lambda user, case, d: services.add_activity(
        actor=user,
        case=case,
        domain=d["domain"],
        kind=d["kind"],
        happens_at=d["happens_at"],
        summary=d["summary"],
    ),
    _("The activity is saved."),
)
add_contact = _simple_post(
    ContactForm,
    "contact_form",
    lambda user, case, d: services.add_contact(
        actor=user, case=case, role=d["role"], name=d["name"], details=d["details"]
    ),
    _("The contact is saved."),
)


@require_POST
@role_required(*CASE_ROLES)
def link_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        other = (
            Case.objects.visible_to(user).filter(pk=form.cleaned_data["other"], centre=case.centre).first()
        )
        if other is None or other.pk == case.pk:
            form.add_error(
                "other", gettext("There is no other file with this number that you may open in this centre.")
            )
        else:
            services.link_cases(actor=user, case=case, other=other, kind=form.cleaned_data["kind"])
            messages.success(request, gettext("The files are linked."))
            return redirect("cases:detail", case_id=case.pk)
    return _render_detail(request, case, 400, link_form=form)


@require_POST
@role_required(*CASE_ROLES)
def add_document(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > upload_max_bytes():
            form.add_error(
                "file",
                gettext("The file is too large: at most %(mb)s MB.")
                % {"mb": upload_max_bytes() // (1024 * 1024)},
            )
        else:
            data = upload.read()
            try:
                services.add_document(actor=user, case=case, title=form.cleaned_data["title"], data=data)
            except UnsafeFileError as error:
                form.add_error("file", refusal_message(error, upload.name or ""))
            else:
                messages.success(request, gettext("The document is stored, encrypted."))
                return redirect("cases:detail", case_id=case.pk)
    return _render_detail(request, case, 400, document_form=form)


@role_required(*CASE_ROLES)
def download_document(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, audit=False)
    try:
        document = case.documents.select_related("case__centre").get(pk=document_id)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    data = services.read_document(actor=user, document=document)
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="case-{case.pk}-document-{document.pk}.{document.extension}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.CENTRE_MANAGER)
def assign_workers(request: HttpRequest, case_id: int) -> HttpResponse:
    """Only the manager of the centre holding the case chooses who works on it."""
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    if not may_manage(user, case):
        raise Http404
    form = WorkersForm(request.POST, centre=case.centre)
    if not form.is_valid():
        return _render_detail(request, case, 400, workers_form=form)
    services.set_workers(actor=user, case=case, workers=list(form.cleaned_data["workers"]))
    messages.success(request, gettext("The social workers are assigned."))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@role_required(*CASE_ROLES)
def close_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    form = DateReasonForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, 400, close_form=form)
    if not case.is_open:
        return _render_detail(
            request, case, 400, close_form=form, refusal=[gettext("The file is already closed.")]
        )
    try:
        services.close_case(
            actor=user, case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        )
    except services.ProcedureRefused as refused:
        reasons = [render_message(r.message) for r in refused.decision.reasons]
        return _render_detail(request, case, 400, close_form=form, refusal=reasons)
    messages.success(request, gettext("The file is closed."))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@role_required(*CASE_ROLES)
def reopen_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = access_case(user, case_id, write=True)
    form = DateReasonForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, 400, close_form=form)
    try:
        services.reopen_case(
            actor=user, case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        )
    except services.ProcedureRefused as refused:
        reasons = [render_message(r.message) for r in refused.decision.reasons]
        return _render_detail(request, case, 400, close_form=form, refusal=reasons)
    messages.success(request, gettext("The file is open again."))
    return redirect("cases:detail", case_id=case.pk)


# --- Deadlines -----------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def deadlines(request: HttpRequest) -> HttpResponse:
    """What needs action in the next 30 days: my cases, or (managers) the centre's caseload."""
    user = request_user(request)
    today = timezone.localdate()
    until = today + timedelta(days=DEADLINE_WINDOW_DAYS)
    centres = managed_centres(user)
    scope = "centre" if request.GET.get("scope") == "centre" and centres else "mine"
    # Only the cases the person may open now: a membership that ended takes its cases along.
    if scope == "centre":
        cases = Case.objects.visible_to(user).filter(centre__in=centres)
    else:
        cases = Case.objects.visible_to(user).filter(assignments__user=user)
    page = _page(request)
    rows = list(
        cases.needing_action(until)
        .only(*LIST_FIELDS)
        .order_by("act_by", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    items = [(case, case.deadline(today)) for case in rows[:PAGE_SIZE]]
    return render(
        request,
        "cases/deadlines.html",
        {
            "items": [(case, d, deadline_text(d)) for case, d in items if d is not None],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "scope": scope,
            "may_see_centre": bool(centres),
            "window": DEADLINE_WINDOW_DAYS,
        },
    )


def dashboard_deadlines(user: User, limit: int = 5) -> list[tuple[Case, procedure.Deadline]]:
    today = timezone.localdate()
    rows = (
        Case.objects.visible_to(user)
        .filter(assignments__user=user)
        .needing_action(today + timedelta(days=DEADLINE_WINDOW_DAYS))
        .only(*LIST_FIELDS)
        .order_by("act_by", "id")[:limit]
    )
    return [(case, d) for case in rows if (d := case.deadline(today)) is not None]


# --- Calendar feed -------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Create or revoke one's own calendar feed address (the token is shown once)."""
    user = request_user(request)
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_tokens(actor=user)
            messages.success(request, gettext("The calendar address no longer works."))
            return redirect("cases:calendar")
        token = services.create_calendar_token(actor=user)
    active = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    feed_url = (
        request.build_absolute_uri(reverse("cases:calendar_feed", kwargs={"token": token})) if token else None
    )
    return render(request, "cases/calendar.html", {"feed_url": feed_url, "active": active})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding a valid token: the worker's deadlines, with no names or details."""
    user = services.user_for_calendar_token(token)
    if user is None:
        raise Http404
    today = timezone.localdate()
    # The cases the worker may open today: an ended membership empties the feed at once.
    rows = (
        Case.objects.visible_to(user)
        .filter(assignments__user=user)
        .open()
        .filter(act_by__isnull=False, act_by__gte=today - timedelta(days=90))
        .only(*LIST_FIELDS)
        .order_by("act_by", "id")[:500]
    )
    items = [(case, d) for case in rows if (d := case.deadline(today)) is not None]
    body = calendar.feed(items, site_url=request.build_absolute_uri("/"), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
