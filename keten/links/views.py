"""The identifiers of a record, its network, and the match notices of one's organisation.

Missing and forbidden both answer 404 (keten.accounts.access). Adding an identifier answers the
same whether or not it matched another organisation's record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keten.accounts.access import current_membership, professional_required
from keten.accounts.models import Membership
from keten.audit.log import log_action
from keten.links import network as network_builder
from keten.links import services
from keten.links.forms import DecisionForm, IdentifierForm, NetworkFilterForm
from keten.links.kinds import IdentifierKind, RecordKind
from keten.links.models import Decision, Identifier
from keten.links.records import Record, Visibility, open_record, receives_notices, record_label, record_url


def _membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def _record(
    request: HttpRequest, record_kind: str, record_id: int, *, write: bool
) -> tuple[Membership, Record]:
    if record_kind not in RecordKind.values:
        raise Http404
    membership = _membership(request)
    return membership, open_record(request, membership, record_kind, record_id, write=write)


def _page_url(record: Record) -> str:
    return reverse("links:identifiers", kwargs={"record_kind": record.kind, "record_id": record.id})


@professional_required
def identifiers(request: HttpRequest, record_kind: str, record_id: int) -> HttpResponse:
    """The identifiers of one record; the form to add one (POST needs the right to change it)."""
    writing = request.method == "POST"
    membership, record = _record(request, record_kind, record_id, write=writing)
    form = IdentifierForm(request.POST if writing else None)
    if writing and form.is_valid():
        try:
            services.add_identifier(
                membership=membership,
                record=record,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                country=form.cleaned_data.get("country") or "BE",
            )
        except services.RateLimited as limited:
            form.add_error(None, str(limited.message))
        else:
            messages.success(request, _("The identifier is saved."))
            return redirect(_page_url(record))
    rows = Identifier.objects.filter(record_kind=record.kind, record_id=record.id).exclude(
        kind=IdentifierKind.PERSON
    )
    return render(
        request,
        "links/identifiers.html",
        {
            "record": record,
            "record_label": record_label(record.kind, record.id),
            "record_url": record_url(record.kind, record.id),
            "identifiers": rows,
            "form": form,
        },
        status=400 if writing else 200,
    )


@professional_required
@require_POST
def remove(request: HttpRequest, record_kind: str, record_id: int, identifier_id: int) -> HttpResponse:
    membership, record = _record(request, record_kind, record_id, write=True)
    if not services.remove_identifier(membership=membership, record=record, identifier_id=identifier_id):
        raise Http404
    messages.success(request, _("The identifier is removed."))
    return redirect(_page_url(record))


@professional_required
def network(request: HttpRequest, record_kind: str, record_id: int) -> HttpResponse:
    """The records this person may see that are linked to this one, as a drawing and a table."""
    membership, record = _record(request, record_kind, record_id, write=False)
    filters = NetworkFilterForm(request.GET or None)
    kinds = since = until = None
    if filters.is_valid():
        kinds = frozenset(filters.cleaned_data["kinds"]) or None
        since = filters.cleaned_data["since"]
        until = filters.cleaned_data["until"]
    graph = network_builder.build(
        Visibility.of(membership), record.key, record.on, kinds=kinds, since=since, until=until
    )
    log_action(
        "links.network_viewed",
        actor=membership.user,
        organisation=membership.organisation,
        object_type=f"links.{record.kind}",
        object_id=record.id,
        data={"records": len(graph.nodes), "edges": len(graph.edges)},
    )
    return render(
        request,
        "links/network.html",
        {
            "record": record,
            "record_label": record_label(record.kind, record.id),
            "graph": graph,
            "filters": filters,
            "start_anchor": f"{record.kind}-{record.id}",
        },
    )


def _notices_membership(request: HttpRequest) -> Membership:
    membership = _membership(request)
    if not receives_notices(membership):
        raise Http404
    return membership


@professional_required
def notices(request: HttpRequest) -> HttpResponse:
    membership = _notices_membership(request)
    return render(request, "links/notices.html", {"rows": _notice_rows(membership)})


def _notice_rows(membership: Membership) -> list[dict[str, object]]:
    """The list's rows, ready to show: the labels translated once, one reversed prefix."""
    kinds = {value: str(label) for value, label in IdentifierKind.choices}
    decisions = {value: str(label) for value, label in Decision.choices}
    prefix = reverse("links:notices")
    rows = []
    for notice in services.notices_for(membership):
        side_a = services.side_of(notice, membership) == "a"
        kind = notice.record_a_kind if side_a else notice.record_b_kind
        record_id = notice.record_a_id if side_a else notice.record_b_id
        decision = notice.decision_a if side_a else notice.decision_b
        rows.append(
            {
                "url": f"{prefix}{notice.pk}/",
                "reference": notice.reference,
                "kind": kinds.get(notice.kind, notice.kind),
                "record": record_label(kind, record_id),
                "created_at": notice.created_at,
                "decision": decisions[decision],
            }
        )
    return rows


def _own_side(notice: services.MatchNotice, membership: Membership) -> dict[str, object]:
    side = services.side_of(notice, membership)
    kind = notice.record_a_kind if side == "a" else notice.record_b_kind
    record_id = notice.record_a_id if side == "a" else notice.record_b_id
    other = notice.organisation_b if side == "a" else notice.organisation_a
    decision = notice.decision_a if side == "a" else notice.decision_b
    return {
        "kind": kind,
        "id": record_id,
        "label": record_label(kind, record_id),
        "url": record_url(kind, record_id),
        "other": other,
        "decision": Decision(decision).label,
        "decided": bool(decision),
        # The notice names only the kind of match and a reference (issue 19); the other
        # organisation is named to a side once it has decided to refer, to address the referral.
        "refers": decision == Decision.REFER,
    }


@professional_required
def notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    membership = _notices_membership(request)
    found = services.open_notice(membership, notice_id)
    if found is None:
        raise Http404
    own = _own_side(found, membership)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.decide(membership, found, form.cleaned_data["decision"])
        if form.cleaned_data["decision"] == Decision.REFER:
            return redirect(f"{reverse('referrals:new')}?{own['kind']}={own['id']}")
        messages.success(request, _("Your decision is recorded."))
        return redirect("links:notice", notice_id=found.pk)
    return render(request, "links/notice.html", {"notice": found, "own": own, "form": form})
