"""Pages of the referrals. Who may use each page is stated on it; the policy decides, services write."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from keten.accounts.access import professional_required, request_user
from keten.accounts.models import Membership
from keten.audit.log import log_action
from keten.audit.models import AuditEvent
from keten.cases.models import Case
from keten.cases.sections import section_url
from keten.encryption import read_encrypted_file
from keten.referrals import access_log, services
from keten.referrals.access import (
    PAGE_SIZE,
    access_active_consent,
    access_centre_case,
    access_part,
    access_phase_referral,
    access_received,
    access_sent,
    acting_membership,
    audit_view,
    deny,
    open_source,
    read_referral,
    received_list,
    sent_list,
)
from keten.referrals.forms import AnswerForm, ConsentForm, PhaseForm, ReferralForm
from keten.referrals.listing import LISTED_FIELDS, page_of, referral_rows, with_unread
from keten.referrals.models import ChainPhase, Referral, SourceKind, Status
from keten.referrals.permissions import Action, Scope, policy
from keten.referrals.scopes import scoped_view

# --- Making a referral -----------------------------------------------------------------------


def _source(request: HttpRequest, membership: Membership) -> services.Source:
    """The record to refer, from ``?case=``, ``?report=`` or ``?screening=``; 404 if not allowed."""
    params = request.POST if request.method == "POST" else request.GET
    for kind in SourceKind.values:
        raw = params.get(kind) or request.GET.get(kind) or ""
        if raw.isdigit():
            return open_source(request, membership, kind, int(raw), write=request.method == "POST")
    raise Http404


def _back_to(source: services.Source) -> str:
    if source.case is not None:
        return section_url(source.case.pk, "chain")
    if source.report is not None:
        return reverse("intake:detail", args=[source.report.pk])
    return reverse("referrals:sent")


@professional_required
def new_referral(request: HttpRequest) -> HttpResponse:
    """Refer a case (centre staff), a report (hotline) or a screening (its organisation)."""
    user = request_user(request)
    membership = acting_membership(request)
    source = _source(request, membership)
    if request.method == "POST":
        form = ReferralForm(request.POST, source_kind=source.kind, membership=membership, case=source.case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                documents = services.documents_of(source, [int(d) for d in data.get("documents") or []])
                referral = services.create_referral(
                    actor=user,
                    membership=membership,
                    source=source,
                    to=data["to_organisation"],
                    purpose=data["purpose"],
                    scopes=data["scopes"],
                    documents=documents,
                    expires_on=data["expires_on"],
                    legal_basis=data.get("legal_basis") or "",
                    reporter_contact_shared=bool(data.get("reporter_contact_shared")),
                )
            except services.ReferralRefused as refused:
                form.add_error(refused.field if refused.field in form.fields else None, refused.message)
            else:
                messages.success(request, gettext("The referral is sent."))
                return redirect("referrals:detail", referral_id=referral.pk)
    else:
        form = ReferralForm(source_kind=source.kind, membership=membership, case=source.case)
    return render(
        request,
        "referrals/new.html",
        {"form": form, "source": source, "back": _back_to(source)},
        status=400 if form.errors else 200,
    )


# --- Inbox and sent ----------------------------------------------------------------------------


@professional_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The referrals waiting for or accepted by the person's organisation (receiving roles)."""
    membership = acting_membership(request)
    referrals = with_unread(received_list(membership).only(*LISTED_FIELDS), membership)
    page = page_of(referrals, request.GET.get("page"), PAGE_SIZE)
    rows = referral_rows(list(page.object_list), received=True, today=timezone.localdate())
    return render(request, "referrals/inbox.html", {"referrals": rows, "page": page})


@professional_required
def sent(request: HttpRequest) -> HttpResponse:
    """What the person's organisation sent, with the answers."""
    membership = acting_membership(request)
    page = page_of(sent_list(membership).only(*LISTED_FIELDS), request.GET.get("page"), PAGE_SIZE)
    rows = referral_rows(list(page.object_list), received=False, today=timezone.localdate())
    return render(request, "referrals/sent.html", {"referrals": rows, "page": page})


# --- One referral -------------------------------------------------------------------------------


def _detail(
    request: HttpRequest, membership: Membership, referral_id: int, status: int = 200, **forms: Any
) -> HttpResponse:
    referral, received, allowed = read_referral(membership, referral_id, how="page")
    context: dict[str, Any] = {
        "referral": referral,
        "received": received,
        "view": scoped_view(referral, allowed),
    }
    if received:
        context["withheld"] = [s for s in referral.scopes if s not in allowed]
        context["answer_form"] = forms.get("answer_form") or (
            AnswerForm() if referral.status == Status.PENDING else None
        )
        phase_form = forms.get("phase_form") or PhaseForm(
            membership=membership, initial={"started_on": timezone.localdate()}
        )
        if referral.case_id and referral.status == Status.ACCEPTED and phase_form.phase_choices:
            context["phase_form"] = phase_form
            context["phases"] = ChainPhase.objects.filter(
                case_id=referral.case_id, organisation_id=membership.organisation_id
            )
    return render(request, "referrals/detail.html", context, status=status)


@professional_required
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The receiver sees exactly its scope; the sender sees the referral and its answer."""
    return _detail(request, acting_membership(request), referral_id)


@professional_required
def part(request: HttpRequest, referral_id: int, scope: str) -> HttpResponse:
    """One part of a received referral; outside the scope: 404, audited as ``referral.denied``."""
    membership = acting_membership(request)
    referral, allowed = access_part(membership, referral_id, scope)
    view = scoped_view(referral, frozenset({allowed}))
    audit_view(membership, referral, frozenset({allowed}), how="part")
    return render(request, "referrals/part.html", {"referral": referral, "view": view, "scope": allowed})


@professional_required
def export(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The receiver's scope as a JSON file: the same dict as the page and the API."""
    membership = acting_membership(request)
    referral = access_received(membership, referral_id)
    allowed = policy.scopes_for(membership, referral)
    if not allowed:
        raise deny(membership, referral_id, why="not_accepted")
    audit_view(membership, referral, allowed, how="export")
    body = json.dumps(scoped_view(referral, allowed), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@professional_required
def document(request: HttpRequest, referral_id: int, document_id: int) -> HttpResponse:
    """A document chosen in the referral, for a receiver whose scope holds the documents."""
    membership = acting_membership(request)
    referral, _scope = access_part(membership, referral_id, Scope.DOCUMENTS)
    item = referral.documents.filter(pk=document_id, case_id=referral.case_id or 0).first()
    if item is None:
        raise deny(membership, referral_id, scope="documents", why="document_not_chosen")
    log_action(
        "referral.document_downloaded",
        actor=membership.user,
        organisation=membership.organisation,
        obj=referral,
        data={"document": item.pk, "case": referral.case_id},
    )
    response = HttpResponse(read_encrypted_file(item.stored_as), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{item.pk}.{item.extension}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@professional_required
def answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = acting_membership(request)
    referral = access_received(membership, referral_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.answer_referral(
                actor=request_user(request),
                membership=membership,
                referral=referral,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except services.ReferralRefused as refused:
            form.add_error(None, refused.message)
        else:
            if accept:
                messages.success(request, gettext("Your answer is recorded."))
                return redirect("referrals:detail", referral_id=referral.pk)
            # A declined referral leaves the inbox: its page is a 404 for the receiver now.
            messages.success(
                request,
                gettext(
                    "You declined the referral: the sender sees your reason, and it is no longer among "
                    "the referrals received."
                ),
            )
            return redirect("referrals:inbox")
    return _detail(request, membership, referral.pk, 400, answer_form=form)


@require_POST
@professional_required
def withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = acting_membership(request)
    referral = access_sent(membership, referral_id)
    try:
        services.withdraw_referral(actor=request_user(request), membership=membership, referral=referral)
    except services.ReferralRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("The referral is withdrawn: they no longer see anything of it."))
    return redirect("referrals:detail", referral_id=referral.pk)


def _record_phase(
    request: HttpRequest,
    form: PhaseForm,
    membership: Membership,
    case: Case,
    referral: Referral | None = None,
) -> bool:
    """Record the phase of a valid form; a refusal goes back onto the form. True when recorded."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.record_phase(
            actor=request_user(request),
            membership=membership,
            case=case,
            phase=data["phase"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            outcome=data["outcome"],
            referral=referral,
        )
    except services.ReferralRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return False
    messages.success(request, gettext("The phase is recorded."))
    return True


@require_POST
@professional_required
def record_phase(request: HttpRequest, referral_id: int) -> HttpResponse:
    """A partner records a phase it owns on a case referred to it (accepted, not expired)."""
    membership = acting_membership(request)
    referral, case = access_phase_referral(membership, referral_id)
    form = PhaseForm(request.POST, membership=membership)
    if _record_phase(request, form, membership, case, referral):
        return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, membership, referral.pk, 400, phase_form=form)


# --- The centre's pages on a case --------------------------------------------------------------


@professional_required
def chain(request: HttpRequest, case_id: int) -> HttpResponse:
    """The whole chain of a case, as a timeline, for the centre; the centre records its phases."""
    membership, case = access_centre_case(request, case_id, Action.VIEW_CHAIN, write=request.method == "POST")
    form = PhaseForm(
        request.POST or None, membership=membership, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and _record_phase(request, form, membership, case):
        return redirect("referrals:chain", case_id=case.pk)
    phases = (
        ChainPhase.objects.filter(case=case)
        .select_related("organisation", "recorded_by")
        .order_by("started_on", "pk")
    )
    return render(
        request,
        "referrals/chain.html",
        {"case": case, "phases": phases, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@professional_required
def consent(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record what the person agreed to share, with whom and when (centre staff of the case).

    The form has its own page (the case page links to it), like every other action on a case."""
    membership, case = access_centre_case(request, case_id, Action.RECORD_CONSENT, write=True)
    if request.method == "GET":
        return render(request, "referrals/consent.html", {"case": case, "form": ConsentForm()})
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.record_consent(
            actor=request_user(request),
            membership=membership,
            case=case,
            scopes=data["scopes"],
            recipient_kind=data["recipient_kind"],
            recipient=data["recipient"],
            given_on=data["given_on"],
        )
        messages.success(request, gettext("The consent is recorded."))
        return redirect(section_url(case.pk, "chain", anchor="consent"))
    return render(request, "referrals/consent.html", {"case": case, "form": form}, status=400)


@require_POST
@professional_required
def withdraw_consent(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    membership, case = access_centre_case(request, case_id, Action.RECORD_CONSENT, write=True)
    item = access_active_consent(case, consent_id)
    try:
        services.withdraw_consent(
            actor=request_user(request), membership=membership, consent=item, on=timezone.localdate()
        )
    except services.ReferralRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("The consent is withdrawn."))
    return redirect(section_url(case.pk, "chain", anchor="consent"))


@professional_required
def who_saw(request: HttpRequest, case_id: int) -> HttpResponse:
    """Who saw what of a case: every read of the file and of its referrals, from the audit trail,
    in words. Looking at it is audited as ``case.access_log_viewed`` (and not also as
    ``case.viewed``: the page shows nothing of the file but its reference)."""
    membership, case = access_centre_case(request, case_id, Action.VIEW_ACCESS_LOG, audit=False)
    referrals = {
        str(item.pk): item for item in Referral.objects.filter(case=case).select_related("to_organisation")
    }
    events = (
        AuditEvent.objects.filter(
            Q(object_type="cases.case", object_id=str(case.pk))
            | Q(object_type=access_log.REFERRAL, object_id__in=list(referrals))
        )
        .select_related("actor", "organisation")
        .order_by("-sequence")[:500]
    )
    lines = access_log.access_log_lines(events, referrals)
    log_action(
        "case.access_log_viewed", actor=membership.user, organisation=membership.organisation, obj=case
    )
    return render(request, "referrals/who_saw.html", {"case": case, "lines": lines})
