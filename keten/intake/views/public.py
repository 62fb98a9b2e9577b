"""The reporter's pages: the report form, the receipt, the code login and the conversation.

Nothing here logs, audits or stores anything about the person: no address, no user agent, no time.
The only cookies are the CSRF cookie the forms need and, after a correct code, the short signed
reporter session (``reporter_session``).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from keten.csrf import KetenCsrfViewMiddleware
from keten.intake import once, services, throttle
from keten.intake.forms import CodeForm, ReporterMessageForm, ReportForm
from keten.intake.models import Author, Report
from keten.intake.reporter_session import end_reporter_session, open_reporter_session, reporter_report_id
from keten.intake.uploads import ReporterUploadHandler

csrf_protect = decorator_from_middleware(KetenCsrfViewMiddleware)


def reset_code_limiter() -> None:
    """Forget every count of wrong codes (tests; a new day does the same)."""
    throttle.forget_all()


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _with_memory_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep uploads in memory (never a temporary file), then check CSRF as usual."""
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [ReporterUploadHandler(request)]
        return cast(HttpResponse, protected(request, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# The language switch of the reporter's forms submits the form with this field (``new.html``,
# ``thread.html``): what was typed comes back in the other language, nothing is sent.
LANGUAGE_SWITCH = "switch_language"


def _ticked(request: HttpRequest, name: str) -> bool:
    return request.method == "POST" and request.POST.get(name) in ("on", "true", "1")


def _token_refused(form: forms.Form, request: HttpRequest, button: str) -> bool:
    """Add an error and return True when the form came without a valid one-time token."""
    if once.token_hash(request.POST.get(once.FIELD_NAME)) is not None:
        return False
    form.add_error(
        None,
        _(
            "We could not send this form as it was. Please press “%(button)s” again: what you wrote "
            "is still here."
        )
        % {"button": button},
    )
    return True


@require_http_methods(["GET", "POST"])
@_with_memory_uploads
def new_report(request: HttpRequest) -> HttpResponse:
    """The public report form. Anyone; the report is acknowledged only once it is committed.

    The receipt is shown after a redirect (``received``), and the form's one-time token makes the
    same form sent twice store one report (``keten.intake.once``).
    """
    if request.method == "POST" and request.POST.get(LANGUAGE_SWITCH):
        return _private(_report_form_in_other_language(request))
    form = ReportForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not _token_refused(form, request, _("Send the report"))
    ):
        data = form.cleaned_data
        received = redirect("intake:received")
        try:
            report, code = services.submit_report(
                content=form.content(),
                form_of_exploitation=data["form_of_exploitation"],
                kind_of_place=data["kind_of_place"],
                immediate_danger=data["immediate_danger"],
                language=get_language() or "",
                uploads=data["attachments"],
                submission=once.token_hash(request.POST[once.FIELD_NAME]),
            )
        except services.AlreadySubmitted:
            # The first sending's receipt (if this browser still has it) is shown once; else the
            # neutral page. Never a second report.
            return _private(received)
        once.hand_over_receipt(
            received,
            {
                "code": code,
                "danger": data["immediate_danger"],
                "files": len(data["attachments"]),
                "days": report.acknowledgement_days,
            },
        )
        return _private(received)
    context = {
        "form": form,
        "danger": _ticked(request, "immediate_danger"),
        "once": once.form_token(request),
    }
    return _private(render(request, "intake/new.html", context))


def _report_form_in_other_language(request: HttpRequest) -> HttpResponse:
    """The report form again, in the language of the URL, with everything typed and no error.

    Nothing is checked or stored: the reporter has not sent anything yet. Chosen files cannot be
    carried back into a file field, so the page says how many to choose again.
    """
    typed: dict[str, Any] = {}
    for name, field in ReportForm.base_fields.items():
        if name == "attachments" or name not in request.POST:
            continue
        multiple = isinstance(field, forms.MultipleChoiceField)
        typed[name] = request.POST.getlist(name) if multiple else request.POST.get(name)
    context = {
        "form": ReportForm(initial=typed),
        "danger": _ticked(request, "immediate_danger"),
        "once": once.form_token(request),
        "files_chosen_again": _files_chosen(request),
    }
    return render(request, "intake/new.html", context)


def _files_chosen(request: HttpRequest) -> int:
    return len([item for item in request.FILES.getlist("attachments") if item])


@require_http_methods(["GET"])
def received(request: HttpRequest) -> HttpResponse:
    """The receipt, shown once right after sending; afterwards (a reload, Back) a neutral page."""
    receipt = once.take_receipt(request)
    if receipt is None:
        response = render(request, "intake/received_gone.html")
    else:
        context: dict[str, Any] = {
            "code": receipt.get("code"),
            "danger": bool(receipt.get("danger")),
            "files": int(receipt.get("files") or 0),
            "acknowledge_days": int(receipt.get("days") or 0),
            # No language switch here: it would leave this page, and the code is shown only once.
            "language_alternates": [],
        }
        response = render(request, "intake/received.html", context)
    once.forget_receipt(request, response)
    return _private(response)


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Come back with a receipt code. Anyone; wrong codes are throttled without storing addresses."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = throttle.client_key(request)
        wait = throttle.seconds_to_wait(key)
        # Always look the code up, so a refused attempt takes as long as any other.
        report_id = services.find_report_by_code(form.cleaned_data["code"])
        if not wait and report_id is not None:
            response = redirect("intake:thread")
            open_reporter_session(response, report_id)
            return _private(response)
        if not wait:
            throttle.record_failure(key)
            form.add_error(
                None,
                _(
                    "We could not open a report with this code. Check the code and try again. After "
                    "several wrong codes you have to wait up to an hour before you can try again."
                ),
            )
        else:
            # Says nothing about the code itself: only that no code is tried for now.
            minutes = max(1, math.ceil(wait / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many attempts. For your safety we do not try any code for a while. Please wait "
                    "%(minutes)d minute and try again.",
                    "Too many attempts. For your safety we do not try any code for a while. Please wait "
                    "%(minutes)d minutes and try again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return _private(render(request, "intake/follow_up.html", {"form": form}, status=429))
    return _private(render(request, "intake/follow_up.html", {"form": form}))


def _thread_context(report: Report, form: ReporterMessageForm, request: HttpRequest) -> dict[str, Any]:
    messages = list(report.messages.all())
    attachments = list(report.attachments.only("id", "message_id", "file_name", "size", "content_type"))
    for message in messages:
        setattr(message, "files", [a for a in attachments if a.message_id == message.pk])  # noqa: B010
    return {
        "report": report,
        "form": form,
        "conversation": messages,
        "original_files": [a for a in attachments if a.message_id is None],
        "operator": Author.OPERATOR,
        "once": once.form_token(request),
        # The language switch sends what is typed to the form's own address in the other language.
        "switch_targets": [
            {"code": code, "name": name, "url": translate_url(reverse("intake:add_information"), code)}
            for code, name in settings.LANGUAGES
        ],
    }


@require_http_methods(["GET"])
def thread(request: HttpRequest) -> HttpResponse:
    """The conversation, for the browser that gave the right code in the last half hour."""
    report_id = reporter_report_id(request)
    report = Report.objects.filter(pk=report_id).first() if report_id else None
    if report is None:
        gone: HttpResponse = redirect("intake:follow_up")
        end_reporter_session(gone)
        return _private(gone)
    context = _thread_context(report, ReporterMessageForm(), request)
    context["sent"] = request.GET.get("sent") == "1"
    response = render(request, "intake/thread.html", context)
    open_reporter_session(response, report.pk)
    return _private(response)


@require_POST
@_with_memory_uploads
def add_information(request: HttpRequest) -> HttpResponse:
    """The reporter adds a message or files. Only with a live reporter session."""
    report_id = reporter_report_id(request)
    report = Report.objects.filter(pk=report_id).first() if report_id else None
    if report is None:
        return _private(redirect("intake:follow_up"))
    if request.POST.get(LANGUAGE_SWITCH):
        typed = ReporterMessageForm(initial={"body": request.POST.get("body", "")})
        context = _thread_context(report, typed, request)
        context["files_chosen_again"] = _files_chosen(request)
        switched = render(request, "intake/thread.html", context)
        open_reporter_session(switched, report.pk)
        return _private(switched)
    form = ReporterMessageForm(request.POST, request.FILES)
    if form.is_valid() and not _token_refused(form, request, _("Send")):
        # The same form sent again: the message is already there, once.
        with contextlib.suppress(services.AlreadySubmitted):
            services.add_reporter_message(
                report_id=report.pk,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                submission=once.token_hash(request.POST[once.FIELD_NAME]),
            )
        sent: HttpResponse = redirect(reverse("intake:thread") + "?sent=1")
        open_reporter_session(sent, report.pk)
        return _private(sent)
    response = render(request, "intake/thread.html", _thread_context(report, form, request))
    open_reporter_session(response, report.pk)
    return _private(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The quick exit: end the reporter's session and go to the neutral site.

    GET is the plain link (no JavaScript): a redirect, which adds no history entry. POST is the
    script's beacon, answered with nothing. No CSRF check: ending one's own session is all it can
    do, and the session cookie (SameSite=Strict) is not sent from other sites anyway.
    """
    response = redirect(settings.QUICK_EXIT_URL) if request.method == "GET" else HttpResponse(status=204)
    end_reporter_session(response)
    return _private(response)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """End the reporter's session now."""
    response = render(request, "intake/left.html")
    end_reporter_session(response)
    return _private(response)
