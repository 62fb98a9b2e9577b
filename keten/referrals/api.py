"""The referrals in the JSON API: the same policy, scopes, access, forms and services as the pages.

A personal token (``Authorization: Bearer``), or the browser's session (with both factors, and
the CSRF token on writes).
Anything the person may not see or do answers 404, and a refused read is audited like on the
pages. Input is checked by the pages' own forms and services, so the API refuses exactly what the
pages refuse: a 400 whose ``errors`` map each field (``__all__`` for the whole request) to
messages in the request's language. A write either happens entirely (and is audited) or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Status

from keten.accounts.access import request_user
from keten.accounts.models import Membership
from keten.api.auth import API_AUTH
from keten.cases.models import Case
from keten.referrals import services
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
from keten.referrals.models import ChainPhase, Consent, Outcome, Referral, SourceKind
from keten.referrals.permissions import DEFAULT_EXPIRY_DAYS, Action, policy
from keten.referrals.schemas import (
    AnswerIn,
    ConsentIn,
    ConsentOut,
    ErrorsOut,
    PhaseIn,
    PhaseOut,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ScopedReferralOut,
    json_body,
)
from keten.referrals.scopes import part, referral_summary, scoped_view

router = Router(tags=["referrals"], auth=API_AUTH)


_PAGE_PARAMETER = {
    "parameters": [
        {
            "in": "query",
            "name": "page",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "default": 1},
            "description": f"Which page of {PAGE_SIZE}, from 1 (newest first).",
        }
    ]
}


# --- Reading and refusing input -----------------------------------------------------------------


class Invalid(Exception):
    """Input the API refuses: answered 400 with ``errors`` (field → messages)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        return cls({field: [message]})

    @classmethod
    def refused(cls, refused: services.ReferralRefused, fields: Collection[str]) -> Invalid:
        """What a service refused, under the input field it names (else ``__all__``)."""
        return cls.one(refused.field if refused.field in fields else "__all__", refused.message)

    @classmethod
    def of_form(cls, form: forms.Form, renamed: dict[str, str] | None = None) -> Invalid:
        renamed = renamed or {}
        return cls(
            {
                renamed.get(field, field): [str(item["message"]) for item in items]
                for field, items in form.errors.get_json_data().items()
            }
        )

    def answer(self) -> Status[dict[str, Any]]:
        return Status(400, {"errors": self.errors})


def _read(request: HttpRequest, fields: Collection[str]) -> dict[str, Any]:
    """The JSON object sent; refused unless it is one and names only ``fields``."""
    try:
        body = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Invalid.one("__all__", gettext("This is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise Invalid.one("__all__", gettext("Send a JSON object."))
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise Invalid({key: [gettext("There is no such field here.")] for key in unknown})
    return body


def _form_data(body: dict[str, Any], *, lists: Collection[str] = ()) -> dict[str, Any]:
    """``body`` as a form's data: the names in ``lists`` take a list of values, the rest one
    value (text or a number); ``null`` is the same as leaving the field out."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def scalar(value: Any) -> bool:
        return isinstance(value, str | int) and not isinstance(value, bool)

    for key, value in body.items():
        if value is None:
            continue
        if key in lists:
            if isinstance(value, list) and all(scalar(item) for item in value):
                data[key] = [str(item) for item in value]
            else:
                errors[key] = [gettext("Give a list of values here.")]
        elif scalar(value):
            data[key] = str(value)
        else:
            errors[key] = [gettext("Give one value here: text or a number.")]
    if errors:
        raise Invalid(errors)
    return data


def _page(request: HttpRequest, referrals: QuerySet[Referral]) -> dict[str, Any]:
    """One page of ``referrals`` (in their stable order) with links to the pages around it."""
    paginator = Paginator(referrals, PAGE_SIZE)
    raw = request.GET.get("page", "1")
    try:
        page = paginator.page(int(raw) if raw.isdecimal() else 0)
    except InvalidPage:
        raise Invalid.one(
            "page", gettext("Ask for a page from 1 to %(pages)s.") % {"pages": paginator.num_pages}
        ) from None

    def link(number: int) -> str:
        return f"{request.path}?page={number}"

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [referral_summary(referral) for referral in page.object_list],
    }


def _phase(item: ChainPhase) -> dict[str, Any]:
    return {
        "id": item.pk,
        "phase": item.phase,
        "phase_label": str(item.get_phase_display()),
        "started_on": item.started_on,
        "ended_on": item.ended_on,
        "outcome": item.outcome,
        "outcome_label": str(item.get_outcome_display()),
        "organisation": item.organisation.name,
    }


def _consent(item: Consent) -> dict[str, Any]:
    return {
        "id": item.pk,
        "scopes": list(item.scopes),
        "recipient_kind": item.recipient_kind or None,
        "recipient": item.recipient_id,
        "recipient_name": item.recipient.name if item.recipient else None,
        "given_on": item.given_on,
        "withdrawn_on": item.withdrawn_on,
    }


# --- Lists --------------------------------------------------------------------------------------


@router.get(
    "/referrals/received", response={200: ReferralPage, 400: ErrorsOut}, openapi_extra=_PAGE_PARAMETER
)
def received(request: HttpRequest) -> Status[dict[str, Any]]:
    """Referrals addressed to your organisation whose access has not ended (receiving roles),
    newest first, a page at a time."""
    membership = acting_membership(request)
    referrals = received_list(membership)
    try:
        return Status(200, _page(request, referrals))
    except Invalid as invalid:
        return invalid.answer()


@router.get("/referrals/sent", response={200: ReferralPage, 400: ErrorsOut}, openapi_extra=_PAGE_PARAMETER)
def sent(request: HttpRequest) -> Status[dict[str, Any]]:
    """Referrals your organisation sent, with their answers, newest first, a page at a time."""
    membership = acting_membership(request)
    referrals = sent_list(membership)
    try:
        return Status(200, _page(request, referrals))
    except Invalid as invalid:
        return invalid.answer()


# --- Making, reading, answering and withdrawing a referral --------------------------------------

_REFERRAL_FIELDS = frozenset(ReferralIn.model_fields)


@router.post("/referrals", response={201: ReferralOut, 400: ErrorsOut}, openapi_extra=json_body(ReferralIn))
def create(request: HttpRequest) -> Status[dict[str, Any]]:
    """Refer a record you may open: a case (centre staff), a report (the hotline) or a screening
    (its organisation). Beyond the consent recorded, only on a legal basis (centre managers,
    magistrates). The record's kind your role may not refer, or a record you may not open: 404."""
    membership = acting_membership(request)
    if not policy.grant(membership).refers:
        raise Http404
    try:
        body = _read(request, _REFERRAL_FIELDS)
        kind, source_id = body.get("source_kind"), body.get("source_id")
        if kind not in SourceKind.values:
            raise Invalid.one("source_kind", gettext("Say what you refer: case, report or screening."))
        if not isinstance(source_id, int) or isinstance(source_id, bool):
            raise Invalid.one("source_id", gettext("Give the number of the record you refer."))
        source = open_source(request, membership, str(kind), source_id, write=True)
        contact_shared = body.get("reporter_contact_shared", False)
        if not isinstance(contact_shared, bool):
            raise Invalid.one("reporter_contact_shared", gettext("Say true or false."))
        data = _form_data(
            {
                key: value
                for key, value in body.items()
                if key not in ("source_kind", "source_id", "reporter_contact_shared")
            },
            lists=("scopes", "documents"),
        )
        data.setdefault(
            "expires_on", (timezone.localdate() + timedelta(days=DEFAULT_EXPIRY_DAYS)).isoformat()
        )
        form = ReferralForm(data, source_kind=source.kind, membership=membership, case=source.case)
        if not form.is_valid():
            raise Invalid.of_form(form)
        cleaned = form.cleaned_data
        # A role without the legal-basis field that sends one anyway is told why it is refused.
        legal_basis = cleaned.get("legal_basis") or data.get("legal_basis") or ""
        try:
            referral = services.create_referral(
                actor=request_user(request),
                membership=membership,
                source=source,
                to=cleaned["to_organisation"],
                purpose=cleaned["purpose"],
                scopes=cleaned["scopes"],
                documents=services.documents_of(source, [int(d) for d in cleaned.get("documents") or []]),
                expires_on=cleaned["expires_on"],
                legal_basis=legal_basis,
                reporter_contact_shared=contact_shared,
            )
        except services.ReferralRefused as refused:
            raise Invalid.refused(refused, _REFERRAL_FIELDS) from None
    except Invalid as invalid:
        return invalid.answer()
    return Status(201, referral_summary(referral))


@router.get("/referrals/{int:referral_id}", response=ScopedReferralOut)
def detail(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """A referral: the receiver gets exactly its scope (once accepted), the sender the summary.
    Audited like the page (``referral.viewed`` with ``api``, or ``referral.opened_sent``)."""
    referral, _received, allowed = read_referral(acting_membership(request), referral_id, how="api")
    return scoped_view(referral, allowed)


@router.get("/referrals/{int:referral_id}/parts/{scope}", response=dict[str, Any])
def scope_part(request: HttpRequest, referral_id: int, scope: str) -> dict[str, Any]:
    """One part of a received referral; outside your scope: 404 (and audited)."""
    membership = acting_membership(request)
    referral, allowed = access_part(membership, referral_id, scope)
    audit_view(membership, referral, frozenset({allowed}), how="api")
    return part(referral, allowed)


@router.post(
    "/referrals/{int:referral_id}/answer",
    response={200: ReferralOut, 400: ErrorsOut},
    openapi_extra=json_body(AnswerIn),
)
def answer(request: HttpRequest, referral_id: int) -> Status[dict[str, Any]]:
    """Accept (``{"accept": true}``), or decline with a reason (``{"accept": false, "reason":
    "..."}``), a referral waiting for your organisation."""
    membership = acting_membership(request)
    referral = access_received(membership, referral_id)
    try:
        body = _read(request, AnswerIn.model_fields)
        accept = body.get("accept")
        if not isinstance(accept, bool):
            raise Invalid.one("accept", gettext("Say true to accept or false to decline."))
        data = _form_data({"reason": body.get("reason")})
        form = AnswerForm({"decision": "accept" if accept else "decline", **data})
        if not form.is_valid():
            raise Invalid.of_form(form, renamed={"decision": "accept"})
        try:
            referral = services.answer_referral(
                actor=request_user(request),
                membership=membership,
                referral=referral,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except services.ReferralRefused as refused:
            raise Invalid.refused(refused, AnswerIn.model_fields) from None
    except Invalid as invalid:
        return invalid.answer()
    return Status(200, referral_summary(referral))


@router.post("/referrals/{int:referral_id}/withdraw", response={200: ReferralOut, 400: ErrorsOut})
def withdraw(request: HttpRequest, referral_id: int) -> Status[dict[str, Any]]:
    """End, at once, the access of the organisation your organisation referred to (no body)."""
    membership = acting_membership(request)
    referral = access_sent(membership, referral_id)
    try:
        referral = services.withdraw_referral(
            actor=request_user(request), membership=membership, referral=referral
        )
    except services.ReferralRefused as refused:
        return Invalid.refused(refused, ()).answer()
    return Status(200, referral_summary(referral))


# --- Chain phases -------------------------------------------------------------------------------


def _record_phase(
    request: HttpRequest,
    membership: Membership,
    *,
    case: Case,
    referral: Referral | None,
    deny_phase: Callable[[], Exception],
) -> Status[dict[str, Any]]:
    """Check a phase with the pages' form and record it through the service. A phase the role
    does not record is refused like a page it may not open (``deny_phase``: a 404)."""
    try:
        body = _read(request, PhaseIn.model_fields)
        phase = body.get("phase")
        if isinstance(phase, str) and not policy.may_record_phase(membership, phase):
            raise deny_phase()
        data = _form_data(body)
        data.setdefault("outcome", Outcome.ONGOING)
        form = PhaseForm(data, membership=membership)
        if not form.is_valid():
            raise Invalid.of_form(form)
        cleaned = form.cleaned_data
        try:
            item = services.record_phase(
                actor=request_user(request),
                membership=membership,
                case=case,
                phase=cleaned["phase"],
                started_on=cleaned["started_on"],
                ended_on=cleaned["ended_on"],
                outcome=cleaned["outcome"],
                referral=referral,
            )
        except services.ReferralRefused as refused:
            raise Invalid.refused(refused, PhaseIn.model_fields) from None
    except Invalid as invalid:
        return invalid.answer()
    return Status(201, _phase(item))


@router.get("/referrals/{int:referral_id}/phases", response=list[PhaseOut])
def phases(request: HttpRequest, referral_id: int) -> list[dict[str, Any]]:
    """The phases your organisation recorded on the case of a referral it received and accepted."""
    membership = acting_membership(request)
    _referral, case = access_phase_referral(membership, referral_id)
    rows = ChainPhase.objects.filter(case=case, organisation_id=membership.organisation_id)
    return [_phase(item) for item in rows.select_related("organisation").order_by("started_on", "pk")]


@router.post(
    "/referrals/{int:referral_id}/phases",
    response={201: PhaseOut, 400: ErrorsOut},
    openapi_extra=json_body(PhaseIn),
)
def record_phase(request: HttpRequest, referral_id: int) -> Status[dict[str, Any]]:
    """Record a chain phase your role owns on a case referred to you (accepted, not expired).
    A phase your role does not record answers 404 (audited)."""
    membership = acting_membership(request)
    referral, case = access_phase_referral(membership, referral_id)
    return _record_phase(
        request,
        membership,
        case=case,
        referral=referral,
        deny_phase=lambda: deny(membership, referral_id, why="phase_not_owned"),
    )


@router.get("/referrals/cases/{int:case_id}/phases", response=list[PhaseOut])
def chain(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """Every phase every partner recorded on a case of your centre (centre staff), oldest first."""
    _membership, case = access_centre_case(request, case_id, Action.VIEW_CHAIN)
    rows = ChainPhase.objects.filter(case=case).select_related("organisation").order_by("started_on", "pk")
    return [_phase(item) for item in rows]


@router.post(
    "/referrals/cases/{int:case_id}/phases",
    response={201: PhaseOut, 400: ErrorsOut},
    openapi_extra=json_body(PhaseIn),
)
def record_centre_phase(request: HttpRequest, case_id: int) -> Status[dict[str, Any]]:
    """Record a phase the centre owns (detection, identification, protection, guidance,
    compensation) on a case of your centre. Another phase answers 404."""
    membership, case = access_centre_case(request, case_id, Action.VIEW_CHAIN, write=True)
    return _record_phase(request, membership, case=case, referral=None, deny_phase=Http404)


# --- Consent ------------------------------------------------------------------------------------


@router.get("/referrals/cases/{int:case_id}/consents", response=list[ConsentOut])
def consents(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The consents recorded on a case of your centre, withdrawn ones included (centre staff)."""
    _membership, case = access_centre_case(request, case_id, Action.RECORD_CONSENT)
    return [_consent(item) for item in Consent.objects.filter(case=case).select_related("recipient")]


@router.post(
    "/referrals/cases/{int:case_id}/consents",
    response={201: ConsentOut, 400: ErrorsOut},
    openapi_extra=json_body(ConsentIn),
)
def record_consent(request: HttpRequest, case_id: int) -> Status[dict[str, Any]]:
    """Record what the person agreed to share (``scopes``), with whom (``recipient_kind``: every
    organisation of a kind, or ``recipient``: one organisation) and when (``given_on``)."""
    membership, case = access_centre_case(request, case_id, Action.RECORD_CONSENT, write=True)
    try:
        body = _read(request, ConsentIn.model_fields)
        form = ConsentForm(_form_data(body, lists=("scopes",)))
        if not form.is_valid():
            raise Invalid.of_form(form)
        cleaned = form.cleaned_data
        item = services.record_consent(
            actor=request_user(request),
            membership=membership,
            case=case,
            scopes=cleaned["scopes"],
            recipient_kind=cleaned["recipient_kind"],
            recipient=cleaned["recipient"],
            given_on=cleaned["given_on"],
        )
    except Invalid as invalid:
        return invalid.answer()
    return Status(201, _consent(item))


@router.post(
    "/referrals/cases/{int:case_id}/consents/{int:consent_id}/withdraw",
    response={200: ConsentOut, 400: ErrorsOut},
)
def withdraw_consent(request: HttpRequest, case_id: int, consent_id: int) -> Status[dict[str, Any]]:
    """The person no longer agrees: the consent stops covering new referrals today (no body)."""
    membership, case = access_centre_case(request, case_id, Action.RECORD_CONSENT, write=True)
    item = access_active_consent(case, consent_id)
    try:
        item = services.withdraw_consent(
            actor=request_user(request), membership=membership, consent=item, on=timezone.localdate()
        )
    except services.ReferralRefused as refused:
        return Invalid.refused(refused, ()).answer()
    return Status(200, _consent(item))
