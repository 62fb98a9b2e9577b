"""The subject-access export pages: choose the language, see the passphrase once, download once."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from keten.accounts.access import request_user, role_required
from keten.audit.log import log_action
from keten.cases import exports
from keten.cases.access import CASE_ROLES, access_case

SESSION_KEY = "keten.cases.export"


def _languages() -> list[tuple[str, str]]:
    offered = dict(settings.LANGUAGES)
    return [(code, offered.get(code, code)) for code in exports.EXPORT_LANGUAGES]


@role_required(*CASE_ROLES)
def export_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """Everything Keten holds about one person (right of access, GDPR art. 15 and 12(1)).

    GET asks in which language; POST shows the passphrase of the ZIP file, once. The file
    itself is made and audited when it is downloaded (:func:`download_export`).
    """
    user = request_user(request)
    case = access_case(user, case_id, audit=False)
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in exports.EXPORT_LANGUAGES:
            raise Http404
        ticket = exports.new_ticket()
        request.session[SESSION_KEY] = {"case": case.pk, "language": language, "ticket": ticket}
        log_action(
            "case.export_prepared",
            actor=user,
            organisation=case.centre,
            obj=case,
            data={"language": language},
        )
        response = render(
            request,
            "cases/export_ready.html",
            {"case": case, "passphrase": exports.passphrase_for(ticket)},
        )
    else:
        chosen = exports.default_language(case, get_language() or settings.LANGUAGE_CODE)
        response = render(
            request, "cases/export_choose.html", {"case": case, "languages": _languages(), "chosen": chosen}
        )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*CASE_ROLES)
def download_export(request: HttpRequest, case_id: int) -> HttpResponse:
    """The ZIP file prepared on the previous page; the ticket is dropped, so it downloads once."""
    user = request_user(request)
    case = access_case(user, case_id, audit=False)
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("case") != case.pk:
        raise Http404
    del request.session[SESSION_KEY]
    export = exports.build_export(case, pending["language"])
    try:
        archive = exports.export_zip(export, exports.passphrase_for(pending["ticket"]), request=request)
    except exports.PdfUnavailable:
        return render(request, "cases/pdf_unavailable.html", {"case": case}, status=503)
    log_action(
        "case.exported",
        actor=user,
        organisation=case.centre,
        obj=case,
        data={
            "format": "zip",
            "language": export.language,
            "documents": [item.document.pk for item in export.documents],
        },
    )
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response
