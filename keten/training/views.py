"""The training pages: the library, a case answered through the screening's own questions, the
feedback, progress, certificates, the trainer's groups, and the public demo that stores nothing."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from keten.accounts.access import request_user
from keten.accounts.roles import Role
from keten.audit.log import log_action
from keten.core.screening import FactsError, parse_facts
from keten.knowledge.flyer import FlyerUnavailable
from keten.screening import questionnaire as q
from keten.training import certificate
from keten.training.access import (
    access_attempt,
    access_group,
    acting_membership,
    groups_led_by,
    trainee_required,
    trainer_required,
)
from keten.training.feedback import compare
from keten.training.forms import GroupForm
from keten.training.library import Case, demo_cases, get_case, library
from keten.training.models import TrainingGroup
from keten.training.services import (
    GroupRefused,
    create_group,
    group_summary,
    has_completed,
    progress_of,
    record_attempt,
    update_group,
)

AUDIENCE = q.PROFESSIONAL


def _case_or_404(case_id: str, *, demo: bool = False) -> Case:
    case = get_case(case_id)
    if case is None or (demo and not case.demo):
        raise Http404
    return case


def _case_text(case: Case) -> dict[str, str]:
    language = get_language()
    return {"title": case.title_in(language), "story": case.story_in(language)}


# --- Answering a case: the screening's questions, one step at a time ---------------------------


def _step_context(
    case: Case, step: str, answers: q.Answers, error: tuple[str, str] | None = None
) -> dict[str, Any]:
    shown = q.numbered(q.questions(step, answers, AUDIENCE))
    if error is not None:
        for question in shown:
            if question.name == error[0]:
                question.error = error[1]
                break
    position = q.STEPS.index(step)
    return {
        "case": case,
        **_case_text(case),
        "audience": AUDIENCE,
        "step": step,
        "step_title": q.STEP_TITLES[step].for_(AUDIENCE),
        "number": position + 1,
        "total": len(q.STEPS),
        "questions": shown,
        "hidden": q.hidden_fields(answers, shown),
        "is_first": position == 0,
        "is_last": position == len(q.STEPS) - 1,
        "error": error,
    }


def _advance(data: Any) -> tuple[str, q.Answers, tuple[str, str] | None, dict[str, Any] | None]:
    """Where a posted step leads: (next step, answers, error, facts when the last step is done).

    The same moves as the screening questionnaire: Next, Back, or straight to a step.
    """
    answers = q.read_answers(data)
    step = data.get("step", q.STEPS[0])
    if step not in q.STEPS:
        step = q.STEPS[0]
    goto = data.get("goto", "")
    if goto in q.STEPS:
        return goto, answers, None, None
    if data.get("go") == "back":
        return q.STEPS[max(q.STEPS.index(step) - 1, 0)], answers, None, None
    facts = q.to_facts(answers)
    try:
        parse_facts(facts)
    except FactsError as error:
        name = q.form_field(error.field)
        return q.FIELD_STEP.get(name, q.STEPS[0]), answers, (name, error.message.render(gettext)), None
    if step == q.STEPS[-1]:
        return step, answers, None, facts
    return q.STEPS[q.STEPS.index(step) + 1], answers, None, None


def _feedback_context(case: Case, facts: dict[str, Any]) -> dict[str, Any]:
    feedback = compare(facts, case.facts)
    return {
        "case": case,
        **_case_text(case),
        "lesson": case.lesson_in(get_language()),
        "feedback": feedback,
        "summary": q.summary(q.from_facts(facts), AUDIENCE),
    }


@require_safe
@trainee_required
def index_view(request: HttpRequest) -> HttpResponse:
    """Any professional: the library of cases, their groups, and links to progress and certificates."""
    membership = acting_membership(request)
    user = request_user(request)
    progress = progress_of(user)
    language = get_language()
    groups = [
        {"group": group, "completed": has_completed(user, group.case_ids), "count": len(group.case_ids)}
        for group in user.training_groups.all()
    ]
    cases = [
        {"case": case, "title": case.title_in(language), "done": case.id in progress.done_ids}
        for case in library()
    ]
    context = {
        "cases": cases,
        "groups": groups,
        "progress": progress,
        "library_completed": len(progress.done) == len(cases),
        "is_trainer": membership.role == Role.TRAINER,
    }
    return render(request, "training/index.html", context)


@require_safe
@trainee_required
def case_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Any professional: a case's story with the first group of screening questions."""
    case = _case_or_404(case_id)
    context = {**_step_context(case, q.STEPS[0], q.empty_answers()), "action": "training:answer"}
    return render(request, "training/step.html", context)


@require_POST
@trainee_required
def answer_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Any professional: the next step; after the last, the answers are stored and the feedback shown."""
    case = _case_or_404(case_id)
    step, answers, error, facts = _advance(request.POST)
    if facts is None:
        context = {**_step_context(case, step, answers, error), "action": "training:answer"}
        return render(request, "training/step.html", context, status=400 if error else 200)
    attempt = record_attempt(
        user=request_user(request), case=case, facts=facts, language=get_language() or "en"
    )
    return redirect("training:attempt", attempt_id=attempt.pk)


@require_safe
@trainee_required
def attempt_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The person who answered: the feedback on their answers; anyone else gets 404."""
    attempt = access_attempt(request_user(request), attempt_id)
    case = _case_or_404(attempt.case_id)
    context = {**_feedback_context(case, attempt.facts), "attempt": attempt}
    return render(request, "training/feedback.html", context)


@require_safe
@trainee_required
def progress_view(request: HttpRequest) -> HttpResponse:
    """Any professional: the cases they did and the elements they miss most often."""
    user = request_user(request)
    progress = progress_of(user)
    language = get_language()
    done = [{"item": item, "title": item.case.title_in(language)} for item in progress.done]
    return render(
        request, "training/progress.html", {"progress": progress, "done": done, "total": len(library())}
    )


@require_safe
@trainee_required
def certificate_view(request: HttpRequest, group_id: int | None = None) -> HttpResponse:
    """A member who did every case of a group (or of the whole library): a PDF certificate."""
    user = request_user(request)
    if group_id is None:
        group = None
        case_ids = [case.id for case in library()]
    else:
        group = user.training_groups.filter(pk=group_id).first()
        if group is None:
            raise Http404
        case_ids = list(group.case_ids)
    if not has_completed(user, case_ids):
        raise Http404
    try:
        pdf = certificate.render(user=user, group=group, case_ids=case_ids, request=request)
    except FlyerUnavailable:
        return render(request, "training/certificate_unavailable.html", status=503)
    membership = acting_membership(request)
    log_action(
        "training.certificate_issued",
        actor=user,
        organisation=membership.organisation,
        obj=group,
        object_type="" if group else "training.library",
        object_id="" if group else "library",
        data={"cases": len(case_ids)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="keten-training-certificate.pdf"'
    return response


# --- Trainers ----------------------------------------------------------------------------------


def _group_form_values(form: GroupForm) -> dict[str, Any]:
    return {
        "name": form.cleaned_data["name"],
        "member_ids": form.cleaned_data["members"],
        "case_ids": form.cleaned_data["cases"],
    }


@require_http_methods(["GET", "POST"])
@trainer_required
def groups_view(request: HttpRequest) -> HttpResponse:
    """Trainers: the groups they lead here, and a form to start a new one."""
    membership = acting_membership(request)
    form = GroupForm(request.POST or None, organisation_id=membership.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            group = create_group(membership=membership, **_group_form_values(form))
        except GroupRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return redirect("training:group", group_id=group.pk)
    context = {"groups": groups_led_by(membership), "form": form}
    return render(request, "training/groups.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@trainer_required
def group_view(request: HttpRequest, group_id: int) -> HttpResponse:
    """The trainer who leads the group: its members and cases (audited) and its summary, naming nobody."""
    membership = acting_membership(request)
    group: TrainingGroup = access_group(membership, group_id)
    initial = {
        "name": group.name,
        "members": list(group.members.values_list("pk", flat=True)),
        "cases": group.case_ids,
    }
    form = GroupForm(request.POST or None, initial=initial, organisation_id=membership.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            update_group(membership=membership, group=group, **_group_form_values(form))
        except GroupRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return redirect("training:group", group_id=group.pk)
    language = get_language()
    summary = group_summary(group)
    rows = [{"item": item, "title": item.case.title_in(language)} for item in summary.cases]
    context = {"group": group, "form": form, "summary": summary, "rows": rows}
    return render(request, "training/group.html", context, status=400 if form.errors else 200)


# --- The public demo: three cases, nothing stored, no cookie -----------------------------------


@require_safe
def demo_index_view(request: HttpRequest) -> HttpResponse:
    """Anyone: the three demo cases."""
    language = get_language()
    cases = [{"case": case, "title": case.title_in(language)} for case in demo_cases()]
    return render(request, "training/demo_index.html", {"cases": cases})


# Stateless like the public questionnaire: every answer travels in the form, nothing is stored or
# changed, so there is nothing for a forged request to do, and no CSRF cookie is set.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def demo_case_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Anyone: a demo case answered step by step; the feedback at the end. Nothing is stored."""
    case = _case_or_404(case_id, demo=True)
    if request.method == "GET":
        context = {
            **_step_context(case, q.STEPS[0], q.empty_answers()),
            "action": "training:demo_case",
            "demo": True,
        }
        return render(request, "training/step.html", context)
    step, answers, error, facts = _advance(request.POST)
    if facts is None:
        context = {**_step_context(case, step, answers, error), "action": "training:demo_case", "demo": True}
        return render(request, "training/step.html", context, status=400 if error else 200)
    context = {**_feedback_context(case, facts), "demo": True}
    return render(request, "training/feedback.html", context)
