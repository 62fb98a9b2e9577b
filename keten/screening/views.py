"""The questionnaire (public, stateless) and the professional pages: saved screenings and signals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from keten.accounts import policy
from keten.accounts.access import current_membership, is_verified
from keten.accounts.models import Membership, Organisation
from keten.audit.log import log_action
from keten.core.screening import RULES_VERSION, FactsError, evaluate, parse_facts
from keten.intake.access import access_report
from keten.intake.models import Report
from keten.screening import questionnaire as q
from keten.screening import rendering
from keten.screening.access import access_received, access_screening, acting_membership, membership_required
from keten.screening.display import result_view
from keten.screening.listing import screening_rows, signal_rows
from keten.screening.models import (
    RECEIVING_KINDS,
    Handover,
    HandoverConsent,
    HandoverStatus,
    LegalBasis,
    RecordingConsent,
    Screening,
)
from keten.screening.services import (
    HandoverRefused,
    hand_over_screening,
    receiving_organisations,
    save_screening,
    take_up_handover,
)

# --- The questionnaire: public, no session, no cookie ------------------------------------------


@require_safe
def start_view(request: HttpRequest) -> HttpResponse:
    """Open to everyone: choose the wording (professional or citizen).

    With ``?report=<id>``, a professional who may read that report in the hotline's inbox starts
    the professional questionnaire with what the report says already filled in (the read is
    audited). For anyone else the id is ignored, so a missing and a forbidden report look alike.
    Nothing is stored unless the professional saves the screening at the end.
    """
    report = _report_to_screen(request)
    if report is None:
        return render(request, "screening/start.html")
    response = _step_page(
        request, q.PROFESSIONAL, q.STEPS[0], _answers_from_report(report), from_report=report.number
    )
    response["Cache-Control"] = "no-store"
    return response


FROM_REPORT = "from_report"


def _report_field(from_report: str) -> list[tuple[str, str]]:
    """The hidden field that carries the report a screening starts from, step after step."""
    return [(FROM_REPORT, from_report)] if from_report.isascii() and from_report.isdigit() else []


def _posted_report(request: HttpRequest) -> str:
    value = request.POST.get(FROM_REPORT, "")
    return value if value.isascii() and value.isdigit() else ""


def _report_to_screen(request: HttpRequest) -> Report | None:
    """The intake report named by ``?report=``, if the person may read it in the inbox; else None."""
    raw = request.GET.get("report", "")
    if not raw.isdigit() or not is_verified(request.user):
        return None
    membership = current_membership(request)
    if membership is None:
        return None
    try:
        report = access_report(request, int(raw))
    except Http404:
        return None
    log_action(
        "report.viewed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=report,
        data={"for": "screening"},
    )
    return report


def _answers_from_report(report: Report) -> q.Answers:
    """What the report says, as questionnaire answers: form of exploitation, danger, postal code."""
    answers = q.empty_answers()
    if report.form_of_exploitation in q.PURPOSE_OPTIONS:
        answers["purposes"] = [report.form_of_exploitation]
    if report.immediate_danger:
        answers["immediate_danger"] = "yes"
    answers["postal_code"] = str(report.field("postal_code") or "")
    return answers


def _audience(value: str | None) -> str:
    if value not in q.AUDIENCES:
        raise Http404
    return str(value)


def _step_page(
    request: HttpRequest,
    audience: str,
    step: str,
    answers: q.Answers,
    error: tuple[str, str] | None = None,
    *,
    from_report: str = "",
) -> HttpResponse:
    shown = q.numbered(q.questions(step, answers, audience))
    if error is not None:
        for question in shown:
            if question.name == error[0]:
                question.error = error[1]
                break
    position = q.STEPS.index(step)
    context = {
        "audience": audience,
        "step": step,
        "title": q.STEP_TITLES[step].for_(audience),
        "number": position + 1,
        "total": len(q.STEPS),
        "questions": shown,
        "hidden": [*q.hidden_fields(answers, shown), *_report_field(from_report)],
        "is_first": position == 0,
        "is_last": position == len(q.STEPS) - 1,
        "error": error,
        "from_report": from_report,
    }
    return render(request, "screening/step.html", context, status=400 if error else 200)


def _can_save(request: HttpRequest) -> bool:
    return is_verified(request.user) and current_membership(request) is not None


def _result_page(
    request: HttpRequest, audience: str, answers: q.Answers, facts: dict[str, Any], from_report: str = ""
) -> HttpResponse:
    result = evaluate(parse_facts(facts), timezone.localdate()).to_dict(gettext)
    context = {
        **result_view(result, audience),
        "audience": audience,
        "summary": q.summary(answers, audience),
        "hidden": [*q.hidden_fields(answers, []), *_report_field(from_report)],
        "can_save": _can_save(request),
        "recording_consents": RecordingConsent.choices,
    }
    return render(request, "screening/result.html", context)


# Stateless steps: each POST carries every answer and returns a page; nothing is stored or
# changed, so there is nothing for a forged request to do. CSRF protection would need a cookie,
# and citizens must be able to fill this in without any cookie being set.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def questionnaire_view(request: HttpRequest) -> HttpResponse:
    """Open to everyone: one group of questions per step, the answers travel in the form."""
    if request.method == "GET":
        return _step_page(request, _audience(request.GET.get("audience")), q.STEPS[0], q.empty_answers())
    audience = _audience(request.POST.get("audience"))
    answers = q.read_answers(request.POST)
    from_report = _posted_report(request)
    step = request.POST.get("step", q.STEPS[0])
    if step not in q.STEPS and step != "result":
        step = q.STEPS[0]
    goto = request.POST.get("goto", "")
    if goto in q.STEPS:
        return _step_page(request, audience, goto, answers, from_report=from_report)
    if goto == "result":
        # The language switch of the result page: the same result, in the language of the URL.
        step = "result"
    if request.POST.get("go") == "back" and step in q.STEPS:
        return _step_page(
            request, audience, q.STEPS[max(q.STEPS.index(step) - 1, 0)], answers, from_report=from_report
        )
    facts = q.to_facts(answers)
    try:
        parse_facts(facts)
    except FactsError as error:
        name = q.form_field(error.field)
        return _step_page(
            request,
            audience,
            q.FIELD_STEP.get(name, q.STEPS[0]),
            answers,
            (name, error.message.render(gettext)),
            from_report=from_report,
        )
    if step == "result" or step == q.STEPS[-1]:
        return _result_page(request, audience, answers, facts, from_report)
    return _step_page(request, audience, q.STEPS[q.STEPS.index(step) + 1], answers, from_report=from_report)


# --- Saved screenings --------------------------------------------------------------------------


@require_POST
@membership_required
def save_view(request: HttpRequest) -> HttpResponse:
    """Any professional acting for an organisation: save the screening shown on the result page."""
    membership = acting_membership(request)
    answers = q.read_answers(request.POST)
    consent = request.POST.get("recording_consent", RecordingConsent.NOT_ASKED)
    if consent not in RecordingConsent.values:
        consent = RecordingConsent.NOT_ASKED
    try:
        screening = save_screening(
            membership=membership,
            facts=q.to_facts(answers),
            consent=consent,
            report_id=_readable_report_id(request),
        )
    except FactsError as error:
        name = q.form_field(error.field)
        return _step_page(
            request,
            q.PROFESSIONAL,
            q.FIELD_STEP.get(name, q.STEPS[0]),
            answers,
            (name, error.message.render(gettext)),
        )
    messages.success(request, gettext("The screening is saved for your organisation."))
    return redirect("screening:detail", screening_id=screening.pk)


def _readable_report_id(request: HttpRequest) -> int | None:
    """The report the screening started from, if the person may read it in the inbox now."""
    raw = _posted_report(request)
    if not raw:
        return None
    try:
        return access_report(request, int(raw)).pk
    except Http404:
        return None


@require_safe
@membership_required
def list_view(request: HttpRequest) -> HttpResponse:
    """Any professional: the screenings saved by their own organisation."""
    membership = acting_membership(request)
    screenings = screening_rows(Screening.objects.visible_to(membership)[:200])
    return render(request, "screening/saved_list.html", {"screenings": screenings, "membership": membership})


class HandoverForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Pass it on to"), empty_label=None
    )
    consent = forms.ChoiceField(
        label=_("Did the person agree that this is passed on?"),
        choices=HandoverConsent.choices,
        widget=forms.RadioSelect,
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis, when the person did not agree"),
        choices=LegalBasis.choices,
        required=False,
        help_text=_("Only for a minor in serious danger. In any other case, ask the person first."),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in receiving_organisations(membership)]
            )


def _shown_result(screening: Screening) -> tuple[dict[str, Any], bool]:
    """The result in the reader's language when the rules are unchanged; else the stored snapshot."""
    if screening.rules_version == RULES_VERSION:
        # Facts without a date are read under the law in force on the day they were saved.
        saved_on = timezone.localdate(screening.created_at)
        return evaluate(parse_facts(screening.facts), saved_on).to_dict(gettext), True
    return screening.result, False


def _detail_page(
    request: HttpRequest, membership: Membership, screening: Screening, form: HandoverForm, status: int = 200
) -> HttpResponse:
    result, current = _shown_result(screening)
    context = {
        **result_view(result, q.PROFESSIONAL),
        "screening": screening,
        "rules_current": current,
        "summary": q.summary(q.from_facts(screening.facts), q.PROFESSIONAL),
        "handovers": screening.handovers.select_related("to_organisation", "handed_by"),
        "form": form,
        "membership": membership,
        "audience": q.PROFESSIONAL,
    }
    return render(request, "screening/saved_detail.html", context, status=status)


@require_safe
@membership_required
def detail_view(request: HttpRequest, screening_id: int) -> HttpResponse:
    """Members of the organisation that saved it; anyone else gets 404. Audited."""
    membership = acting_membership(request)
    screening = access_screening(membership, screening_id)
    return _detail_page(request, membership, screening, HandoverForm(membership=membership))


@require_POST
@membership_required
def handover_view(request: HttpRequest, screening_id: int) -> HttpResponse:
    """Members of the organisation that saved it: pass it on to a centre or the hotline."""
    membership = acting_membership(request)
    screening = access_screening(membership, screening_id, audit=False)
    form = HandoverForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            hand_over_screening(
                membership=membership,
                screening=screening,
                to_organisation=form.cleaned_data["to_organisation"],
                consent=form.cleaned_data["consent"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except HandoverRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(
                request,
                gettext("The signal was passed on to %(organisation)s.")
                % {"organisation": form.cleaned_data["to_organisation"].name},
            )
            return redirect("screening:detail", screening_id=screening.pk)
    return _detail_page(request, membership, screening, form, status=400)


# --- Signals received --------------------------------------------------------------------------


def _receiving_membership(request: HttpRequest) -> Membership:
    membership = acting_membership(request)
    if membership.organisation.kind not in RECEIVING_KINDS:
        raise Http404
    return membership


@require_safe
@membership_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    """Members of a centre or the hotline: the signals passed on to their organisation."""
    membership = _receiving_membership(request)
    signals = signal_rows(Handover.objects.received_by(membership).order_by("status", "-handed_at")[:200])
    return render(request, "screening/inbox.html", {"signals": signals, "membership": membership})


@require_safe
@membership_required
def received_view(request: HttpRequest, handover_id: int) -> HttpResponse:
    """Members of the receiving organisation; anyone else gets 404. Audited."""
    membership = _receiving_membership(request)
    handover = access_received(membership, handover_id)
    screening = handover.screening
    result, current = _shown_result(screening)
    view = result_view(result, q.PROFESSIONAL)
    context = {
        # The result and the answers as the shared templates write them, put together in Python.
        "result_html": rendering.professional_result(view),
        "summary_html": rendering.summary(q.summary(q.from_facts(screening.facts), q.PROFESSIONAL)),
        "handover": handover,
        "screening": screening,
        "rules_current": current,
        "membership": membership,
        "audience": q.PROFESSIONAL,
        "is_new": handover.status == HandoverStatus.NEW,
        # A centre's social worker or manager takes a signal on by opening a file (policy).
        "may_open_case": policy.keeps_case_files(membership.user, membership),
    }
    return render(request, "screening/received.html", context)


@require_POST
@membership_required
def take_up_view(request: HttpRequest, handover_id: int) -> HttpResponse:
    """Members of the receiving organisation: take the signal up (once)."""
    membership = _receiving_membership(request)
    access_received(membership, handover_id, audit=False)
    try:
        take_up_handover(membership=membership, handover_id=handover_id)
    except HandoverRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, gettext("You took up this signal."))
    return redirect("screening:received", handover_id=handover_id)
