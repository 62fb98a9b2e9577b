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

from keten.accounts.access import current_membership, request_user, role_required
from keten.accounts.models import User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.cases import calendar, overview, services
from keten.cases.access import CASE_ROLES, access_case, managed_centres, may_manage
from keten.cases.conf import DEADLINE_WINDOW_DAYS
from keten.cases.forms import (
    CaseForm,
)
from keten.cases.models import PROCEDURE_FIELDS, CalendarToken, Case, GuidanceActivity
from keten.cases.rows import DEADLINE_FIELDS, case_rows, deadline_rows
from keten.cases.sections import section_url
from keten.core import procedure

PAGE_SIZE = 50
APPOINTMENTS_SHOWN = 5
# What lists show and what a deadline needs: nothing else is decrypted or loaded.
LIST_FIELDS = (
    "id",
    "centre_id",
    "given_names",
    "family_name",
    "state",
    *PROCEDURE_FIELDS,
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
    return render(
        request,
        "cases/list.html",
        {
            "cases": case_rows(rows[:PAGE_SIZE], timezone.localdate()),
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
                return redirect(section_url(case.pk, "people"))
    else:
        initial = {field: getattr(case, field) for field in services.CASE_FIELDS}
        initial["date_of_birth"] = case.birth_date
        initial["referred_on"] = case.procedure_since
        form = CaseForm(initial=initial, with_referral=with_referral)
    return render(
        request, "cases/edit.html", {"case": case, "form": form}, status=400 if form.errors else 200
    )


# --- The case page -------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The file around its next action, and the procedure: the assigned social workers and the
    centre's manager.

    Forms live on their own pages (``keten.cases.actions``); this page reads (audited read).
    """
    user = request_user(request)
    case = access_case(user, case_id)
    return render(request, "cases/detail.html", overview.case_page(case, may_manage=may_manage(user, case)))


@role_required(*CASE_ROLES)
def case_section(request: HttpRequest, case_id: int, section: str) -> HttpResponse:
    """One section of the file on its own page (``keten.cases.sections``), to the same people as
    the first page; the read is audited with the section's name."""
    user = request_user(request)
    case = access_case(user, case_id, section=section)
    context = overview.SECTION_PAGES[section](case, may_manage=may_manage(user, case))
    return render(request, f"cases/section_{section}.html", context)


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
        .order_by("act_by", "id")
        .values_list(*DEADLINE_FIELDS)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    return render(
        request,
        "cases/deadlines.html",
        {
            "items": deadline_rows(rows[:PAGE_SIZE], today),
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
    """Open to anyone holding a valid token: the worker's deadlines and appointments, no names or details."""
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
    # Appointments of the worker's open cases, from 90 days ago on: never their text.
    appointments = list(
        GuidanceActivity.objects.filter(
            kind=GuidanceActivity.Kind.APPOINTMENT,
            case__in=Case.objects.visible_to(user).filter(assignments__user=user).open(),
            happens_at__gte=timezone.now() - timedelta(days=90),
        )
        .only("id", "case_id", "domain", "happens_at")
        .order_by("happens_at", "id")[:500]
    )
    body = calendar.feed(
        items, site_url=request.build_absolute_uri("/"), now=timezone.now(), appointments=appointments
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
