"""One page per action on a case file: GET shows the form, POST does it (through services).

The case page shows where things stand and links here; each action works without JavaScript.
Final or destructive actions (closing the file, cancelling an appointment) ask for confirmation:
their page says what will happen and only a POST that carries ``confirm=yes`` does it.
Who may use the pages: the same people as the case page (``access_case``); everyone else
gets 404, as for a file that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.accounts.access import request_user, role_required
from keten.accounts.models import User
from keten.accounts.roles import Role
from keten.cases import services
from keten.cases.access import CASE_ROLES, access_case, may_manage
from keten.cases.conf import upload_max_bytes
from keten.cases.formatting import render_message
from keten.cases.forms import (
    ActivityForm,
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
from keten.cases.models import EVIDENCE_KINDS, Case, GuidanceActivity
from keten.cases.sections import OVERVIEW, section_url
from keten.core import procedure
from keten.core.metadata import UnsafeFileError
from keten.uploads import refusal_message


@dataclass(frozen=True)
class Page:
    """What an action page says: its title, an introduction, the button and where it leads back."""

    title: Promise | str
    submit: Promise | str
    section: str
    intro: Promise | str = ""
    danger: bool = False
    multipart: bool = False


def _case_url(case: Case, section: str = "") -> str:
    """The page of the file's section an action belongs to (the procedure is on the first page)."""
    if not section:
        return section_url(case.pk)
    return section_url(case.pk, section, anchor=section if section == OVERVIEW else "")


def render_action(
    request: HttpRequest,
    case: Case,
    page: Page,
    form: forms.Form,
    *,
    status: int = 200,
    refusal: list[str] | None = None,
    confirm: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "case": case,
        "page": page,
        "form": form,
        "refusal": refusal,
        "confirm": confirm,
        "back": _case_url(case, page.section),
        **(extra or {}),
    }
    return render(request, "cases/action.html", context, status=status)


def _open(request: HttpRequest, case_id: int) -> tuple[User, Case]:
    """The case for this page: a GET is a read (audited as such), a POST a write (audited by its service)."""
    user = request_user(request)
    return user, access_case(user, case_id, write=request.method == "POST")


def _form_page(
    page: Page,
    form_class: type[forms.Form],
    perform: Callable[[User, Case, dict[str, Any]], Any],
    done: Promise,
    initial: Callable[[HttpRequest], dict[str, Any]] = lambda request: {},
) -> Callable[[HttpRequest, int], HttpResponse]:
    """An action page whose form goes straight to one service."""

    @role_required(*CASE_ROLES)
    def view(request: HttpRequest, case_id: int) -> HttpResponse:
        user, case = _open(request, case_id)
        if request.method != "POST":
            return render_action(request, case, page, form_class(initial=initial(request)))
        form = form_class(request.POST)
        if not form.is_valid():
            return render_action(request, case, page, form, status=400)
        perform(user, case, form.cleaned_data)
        messages.success(request, str(done))
        return redirect(_case_url(case, page.section))

    return view


def _today(field: str) -> Callable[[HttpRequest], dict[str, Any]]:
    return lambda request: {field: timezone.localdate()}


def _evidence_initial(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    return {
        "recorded_on": timezone.localdate(),
        **({"kind": kind} if kind in dict(EVIDENCE_KINDS) else {}),
    }


add_evidence = _form_page(
    Page(_("Record evidence of a condition"), _("Record the evidence"), "procedure"),
    EvidenceForm,
    lambda user, case, d: services.record_evidence(
        actor=user, case=case, kind=d["kind"], recorded_on=d["recorded_on"]
    ),
    _("The evidence is recorded."),
    _evidence_initial,
)
add_opinion = _form_page(
    Page(_("Record the opinion of the magistrate"), _("Record the opinion"), "procedure"),
    OpinionForm,
    lambda user, case, d: services.record_opinion(
        actor=user, case=case, opinion=d["opinion"], given_on=d["given_on"]
    ),
    _("The opinion is recorded."),
    _today("given_on"),
)
add_note = _form_page(
    Page(_("Add a note"), _("Save the note"), "notes", _("Notes are stored encrypted.")),
    NoteForm,
    lambda user, case, d: services.add_note(actor=user, case=case, text=d["text"]),
    _("The note is saved."),
)
save_plan = _form_page(
    Page(
        _("Goals of the guidance plan"),
        _("Save the goals"),
        "guidance",
        _("One text of goals per domain: saving a domain again replaces its goals."),
    ),
    PlanForm,
    lambda user, case, d: services.save_plan(actor=user, case=case, domain=d["domain"], goals=d["goals"]),
    _("The guidance plan is saved."),
    lambda request: {"domain": request.GET.get("domain", "")},
)
add_activity = _form_page(
    Page(_("Add an activity or appointment"), _("Save the activity"), "guidance"),
    ActivityForm,
    lambda user, case, d: services.add_activity(
        actor=user,
        case=case,
        domain=d["domain"],
        kind=d["kind"],
        happens_at=d["happens_at"],
        summary=d["summary"],
    ),
    _("The activity is saved."),
    lambda request: {"kind": request.GET.get("kind", GuidanceActivity.Kind.ACTIVITY)},
)
add_contact = _form_page(
    Page(_("Add a key contact"), _("Add the contact"), "people"),
    ContactForm,
    lambda user, case, d: services.add_contact(
        actor=user, case=case, role=d["role"], name=d["name"], details=d["details"]
    ),
    _("The contact is saved."),
)

# --- The procedure -------------------------------------------------------------------------------

MOVE_PAGE = Page(
    _("Record a step of the procedure"),
    _("Record the step"),
    "procedure",
    _("Record a decision once it is taken, with its date and the reference of the document."),
)


@role_required(*CASE_ROLES)
def move(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a step; ``?event=`` chooses the step (the links of the possible next steps)."""
    user, case = _open(request, case_id)
    if request.method != "POST":
        event = request.GET.get("event", "")
        initial: dict[str, Any] = {"on": timezone.localdate()}
        if event in procedure.Event.__members__.values():
            initial["event"] = event
        return render_action(request, case, MOVE_PAGE, MoveForm(initial=initial))
    form = MoveForm(request.POST)
    if not form.is_valid():
        return render_action(request, case, MOVE_PAGE, form, status=400)
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
        return render_action(request, case, MOVE_PAGE, form, status=400, refusal=reasons)
    messages.success(
        request, gettext("Recorded: %(step)s.") % {"step": gettext(procedure.EVENT_LABELS[decision.event])}
    )
    for note in decision.notes:
        messages.warning(request, render_message(note.message))
    return redirect(_case_url(case, "procedure"))


# --- People and links ----------------------------------------------------------------------------

LINK_PAGE = Page(_("Link to another file"), _("Link the files"), "people")


@role_required(*CASE_ROLES)
def link_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _open(request, case_id)
    if request.method != "POST":
        return render_action(request, case, LINK_PAGE, LinkForm())
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
            return redirect(_case_url(case, "people"))
    return render_action(request, case, LINK_PAGE, form, status=400)


ASSIGN_PAGE = Page(_("Assign social workers"), _("Assign"), "people")


@role_required(Role.CENTRE_MANAGER)
def assign_workers(request: HttpRequest, case_id: int) -> HttpResponse:
    """Only the manager of the centre holding the case chooses who works on it."""
    user, case = _open(request, case_id)
    if not may_manage(user, case):
        raise Http404
    if request.method != "POST":
        form = WorkersForm(centre=case.centre, initial={"workers": list(case.workers.all())})
        return render_action(request, case, ASSIGN_PAGE, form)
    form = WorkersForm(request.POST, centre=case.centre)
    if not form.is_valid():
        return render_action(request, case, ASSIGN_PAGE, form, status=400)
    services.set_workers(actor=user, case=case, workers=list(form.cleaned_data["workers"]))
    messages.success(request, gettext("The social workers are assigned."))
    return redirect(_case_url(case, "people"))


# --- Documents -----------------------------------------------------------------------------------


def _document_page() -> Page:
    return Page(
        _("Upload a document"),
        _("Upload"),
        "documents",
        gettext("At most %(mb)s MB. Files are stored encrypted; their hidden metadata is removed.")
        % {"mb": upload_max_bytes() // (1024 * 1024)},
        multipart=True,
    )


@role_required(*CASE_ROLES)
def add_document(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _open(request, case_id)
    if request.method != "POST":
        return render_action(request, case, _document_page(), DocumentForm())
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
                return redirect(_case_url(case, "documents"))
    return render_action(request, case, _document_page(), form, status=400)


# --- Closing and reopening -----------------------------------------------------------------------

CLOSE_PAGE = Page(
    _("Close the file?"),
    _("Yes, close the file"),
    "people",
    _(
        "Closing ends the guidance and the protection procedure in Keten: no step, deadline or "
        "reminder follows. The file is kept for the retention period and can be reopened after a "
        "closure. Only close it when the guidance has really ended."
    ),
    danger=True,
)
REOPEN_PAGE = Page(
    _("Reopen the file"),
    _("Reopen the file"),
    "people",
    _("The procedure goes on from where it stood; record the next step once it is decided."),
)


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


@role_required(*CASE_ROLES)
def close_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """Close the file after confirmation: a POST without ``confirm=yes`` only shows the question."""
    user, case = _open(request, case_id)
    if not case.is_open:
        form = DateReasonForm(initial={"on": timezone.localdate()})
        refusal = [gettext("The file is already closed.")]
        return render_action(request, case, CLOSE_PAGE, form, status=400, refusal=refusal)
    if request.method != "POST":
        form = DateReasonForm(initial={"on": timezone.localdate()})
        return render_action(request, case, CLOSE_PAGE, form, confirm=True)
    form = DateReasonForm(request.POST)
    if not form.is_valid():
        return render_action(request, case, CLOSE_PAGE, form, status=400, confirm=True)
    if not _confirmed(request):
        return render_action(request, case, CLOSE_PAGE, form, confirm=True)
    try:
        services.close_case(
            actor=user, case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        )
    except services.ProcedureRefused as refused:
        reasons = [render_message(r.message) for r in refused.decision.reasons]
        return render_action(request, case, CLOSE_PAGE, form, status=400, refusal=reasons, confirm=True)
    messages.success(request, gettext("The file is closed."))
    return redirect(_case_url(case))


@role_required(*CASE_ROLES)
def reopen_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _open(request, case_id)
    if request.method != "POST":
        return render_action(request, case, REOPEN_PAGE, DateReasonForm(initial={"on": timezone.localdate()}))
    form = DateReasonForm(request.POST)
    if not form.is_valid():
        return render_action(request, case, REOPEN_PAGE, form, status=400)
    try:
        services.reopen_case(
            actor=user, case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        )
    except services.ProcedureRefused as refused:
        reasons = [render_message(r.message) for r in refused.decision.reasons]
        return render_action(request, case, REOPEN_PAGE, form, status=400, refusal=reasons)
    messages.success(request, gettext("The file is open again."))
    return redirect(_case_url(case))


# --- Activities and appointments -----------------------------------------------------------------

EDIT_ACTIVITY_PAGE = Page(_("Change the activity or appointment"), _("Save the changes"), "guidance")
CANCEL_APPOINTMENT_PAGE = Page(
    _("Cancel the appointment?"),
    _("Yes, cancel the appointment"),
    "guidance",
    _("The appointment disappears from the file and from the calendar; the audit trail keeps it."),
    danger=True,
)
REMOVE_ACTIVITY_PAGE = Page(
    _("Remove the activity?"),
    _("Yes, remove the activity"),
    "guidance",
    _("Only remove an activity recorded by mistake; the audit trail keeps it."),
    danger=True,
)


def _activity(case: Case, activity_id: int) -> GuidanceActivity:
    try:
        return case.activities.get(pk=activity_id)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


@role_required(*CASE_ROLES)
def edit_activity(request: HttpRequest, case_id: int, activity_id: int) -> HttpResponse:
    user, case = _open(request, case_id)
    activity = _activity(case, activity_id)
    extra = {"activity": activity}
    if request.method != "POST":
        form = ActivityForm(
            initial={
                "domain": activity.domain,
                "kind": activity.kind,
                "happens_at": timezone.localtime(activity.happens_at),
                "summary": activity.summary,
            }
        )
        return render_action(request, case, EDIT_ACTIVITY_PAGE, form, extra=extra)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return render_action(request, case, EDIT_ACTIVITY_PAGE, form, status=400, extra=extra)
    services.update_activity(actor=user, activity=activity, **form.cleaned_data)
    messages.success(request, gettext("The changes are saved."))
    return redirect(_case_url(case, "guidance"))


class _ConfirmForm(forms.Form):
    """Nothing to fill in: the page asks a question, the button answers it."""


@role_required(*CASE_ROLES)
def cancel_activity(request: HttpRequest, case_id: int, activity_id: int) -> HttpResponse:
    """Cancel an appointment (or remove an activity) after confirmation."""
    user, case = _open(request, case_id)
    activity = _activity(case, activity_id)
    is_appointment = activity.kind == GuidanceActivity.Kind.APPOINTMENT
    page = CANCEL_APPOINTMENT_PAGE if is_appointment else REMOVE_ACTIVITY_PAGE
    if request.method != "POST" or not _confirmed(request):
        return render_action(request, case, page, _ConfirmForm(), confirm=True, extra={"activity": activity})
    services.cancel_activity(actor=user, activity=activity)
    messages.success(
        request,
        gettext("The appointment is cancelled.") if is_appointment else gettext("The activity is removed."),
    )
    return redirect(_case_url(case, "guidance"))
