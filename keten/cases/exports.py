"""The subject-access export: everything Keten holds about one person, in words they can read.

The right of access (GDPR art. 15, with art. 12(1): "in a concise, transparent, intelligible and
easily accessible form, using clear and plain language") is answered with one ZIP file: a PDF of
the whole file in the language the person chose (nl, fr, en or de), with plain labels, local
times (the installation's time zone, Europe/Brussels) and the procedure told as sentences, next
to the person's own documents, decrypted. The ZIP is encrypted with AES-256 (WinZip AES, read by
7-Zip, macOS and Windows with 7-Zip) under a passphrase shown once to the person exporting it.
"""

from __future__ import annotations

import io
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyzipper
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.cases.choices import Sector
from keten.cases.models import Case, Document
from keten.core import procedure
from keten.encryption import read_encrypted_file
from keten.knowledge import names

EXPORT_LANGUAGES = ("nl", "fr", "en", "de")
# Unambiguous letters and digits (no 0/o, 1/l/i): the passphrase is read out or copied by hand.
PASSPHRASE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a password
PASSPHRASE_GROUPS = 6
PASSPHRASE_GROUP_LENGTH = 5  # 30 characters from 31 (a 256-bit digest): about 148 bits.

# What happened, as a sentence, for each step of the protection procedure.
STEP_SENTENCES: dict[procedure.Event, Any] = {
    procedure.Event.START_REFLECTION: _("The reflection period started."),
    procedure.Event.SKIP_REFLECTION: _(
        "The person made statements at once, so there was no reflection period."
    ),
    procedure.Event.START_GUIDANCE: _("Guidance started, without a residence document."),
    procedure.Event.ISSUE_FIRST_RESIDENCE: _("The first residence document was issued."),
    procedure.Event.EXTEND_FIRST_RESIDENCE: _("The first residence document was extended."),
    procedure.Event.ISSUE_SECOND_RESIDENCE: _("The second residence document was issued."),
    procedure.Event.RENEW_SECOND_RESIDENCE: _("The second residence document was renewed."),
    procedure.Event.GRANT_PERMANENT: _("Permanent residence was granted."),
    procedure.Event.BREACH_CONDITION: _("The procedure ended because a condition was no longer met."),
    procedure.Event.RETURN_VOLUNTARILY: _("The procedure ended with a voluntary return."),
    procedure.Event.TRANSFER: _("The file was transferred to another centre."),
    procedure.Event.LEAVE: _("The procedure ended because the person left."),
    procedure.Event.CLOSE: _("The file was closed."),
    procedure.Event.REOPEN: _("The file was opened again."),
}


class PdfUnavailable(Exception):
    """WeasyPrint or its system libraries (Pango, HarfBuzz) are missing."""


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    empty: str = ""


@dataclass(frozen=True)
class ExportedDocument:
    name: str  # the name inside the ZIP
    title: str
    uploaded: str
    document: Document


@dataclass(frozen=True)
class SubjectAccessExport:
    case_id: int
    language: str
    title: str
    made: str
    centre: str
    sections: list[Section]
    documents: list[ExportedDocument]


def new_ticket() -> str:
    """A random ticket kept in the session between showing the passphrase and the download."""
    return secrets.token_urlsafe(32)


def passphrase_for(ticket: str) -> str:
    """The passphrase of one export, derived from its ticket with the server's secret key.

    It is never stored: the page shows it once, and the download drops the ticket.
    """
    mac = salted_hmac("keten.cases.exports.passphrase", ticket, algorithm="sha256")
    digest = int.from_bytes(mac.digest())
    letters = []
    for _position in range(PASSPHRASE_GROUPS * PASSPHRASE_GROUP_LENGTH):
        digest, index = divmod(digest, len(PASSPHRASE_ALPHABET))
        letters.append(PASSPHRASE_ALPHABET[index])
    groups = ("".join(letters[i : i + PASSPHRASE_GROUP_LENGTH]) for i in range(0, len(letters), 5))
    return "-".join(groups)


def default_language(case: Case, fallback: str) -> str:
    """The first of the person's languages that the export speaks, else ``fallback``."""
    for code in case.languages:
        if code in EXPORT_LANGUAGES:
            return str(code)
    return fallback if fallback in EXPORT_LANGUAGES else settings.LANGUAGE_CODE


def _label(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # noqa: S101 - a typing narrowing
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def _day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _rows(pairs: list[tuple[str, str]]) -> list[Row]:
    return [Row(label, value or "—") for label, value in pairs]


def _identity(case: Case) -> Section:
    birth = case.birth_date
    return Section(
        gettext("The person"),
        _rows(
            [
                (_label(Case, "given_names"), case.given_names),
                (_label(Case, "family_name"), case.family_name),
                (_label(Case, "aliases"), case.aliases),
                (_label(Case, "date_of_birth"), _day(birth) if birth else case.date_of_birth),
                (_label(Case, "gender"), str(case.get_gender_display())),
                (_label(Case, "nationalities"), ", ".join(names.country_names(case.nationalities))),
                (_label(Case, "languages"), ", ".join(names.language_names(case.languages))),
                (_label(Case, "contact_details"), case.contact_details),
                (_label(Case, "identity_documents"), case.identity_documents),
            ]
        ),
    )


def _exploitation(case: Case) -> Section:
    sector = str(dict(Sector.choices).get(case.sector, "")) if case.sector else ""
    return Section(
        gettext("What happened"),
        _rows(
            [
                (_label(Case, "forms"), ", ".join(case.form_labels)),
                (_label(Case, "sexual_exploitation_types"), ", ".join(case.sexual_exploitation_labels)),
                (_label(Case, "means_of_control"), ", ".join(case.means_of_control_labels)),
                (_label(Case, "sector"), sector),
                (_label(Case, "exploitation_place"), case.exploitation_place),
                (_label(Case, "exploitation_started_on"), _day(case.exploitation_started_on)),
                (_label(Case, "exploitation_ended_on"), _day(case.exploitation_ended_on)),
                (_label(Case, "unaccompanied"), _yes_no(case.unaccompanied)),
                (_label(Case, "intake_channel"), str(case.get_intake_channel_display())),
            ]
        ),
    )


def _file(case: Case) -> Section:
    state = procedure.State(case.procedure_state)
    return Section(
        gettext("The file"),
        _rows(
            [
                (gettext("Opened on"), _day(timezone.localdate(case.created_at))),
                (gettext("Closed on"), _day(case.closed_on)),
                (gettext("Where the procedure stands"), gettext(procedure.STATE_LABELS[state])),
                (gettext("Since"), _day(case.procedure_since)),
                (gettext("Current residence document valid until"), _day(case.document_ends_on)),
            ]
        ),
    )


def _procedure(case: Case) -> Section:
    sentences = []
    for step in case.procedure_events.order_by("on", "pk"):
        what = gettext(STEP_SENTENCES[procedure.Event(step.event)])
        sentence = gettext("On %(day)s: %(what)s") % {"day": _day(step.on), "what": what}
        if step.ends_on:
            sentence += " " + gettext("Valid until %(day)s.") % {"day": _day(step.ends_on)}
        if step.reason:
            sentence += " " + gettext("Reason given: %(reason)s") % {"reason": step.reason}
        sentences.append(sentence)
    for item in case.evidence.order_by("recorded_on", "pk"):
        sentences.append(
            gettext("On %(day)s: recorded in the file: %(what)s.")
            % {"day": _day(item.recorded_on), "what": item.get_kind_display()}
        )
    for opinion in case.opinions.order_by("given_on", "pk"):
        sentences.append(
            gettext("On %(day)s: the magistrate gave an opinion: %(opinion)s.")
            % {"day": _day(opinion.given_on), "opinion": opinion.get_opinion_display()}
        )
    for document in case.residence_documents.order_by("starts_on", "pk"):
        kind = gettext(procedure.DOCUMENT_LABELS[procedure.Document(document.kind)])
        if document.ends_on:
            sentences.append(
                gettext("%(document)s: from %(start)s to %(end)s.")
                % {"document": kind, "start": _day(document.starts_on), "end": _day(document.ends_on)}
            )
        else:
            sentences.append(
                gettext("%(document)s: from %(start)s.")
                % {"document": kind, "start": _day(document.starts_on)}
            )
    return Section(
        gettext("The protection procedure"),
        sentences=sentences,
        empty=gettext("No step of the procedure has been recorded."),
    )


def _contacts(case: Case) -> Section:
    rows = [
        Row(str(c.get_role_display()), ", ".join(part for part in (c.name, c.details) if part))
        for c in case.contacts.all()
    ]
    return Section(gettext("Key contacts"), rows, empty=gettext("None recorded."))


def _plan(case: Case) -> Section:
    rows = [Row(str(p.get_domain_display()), p.goals) for p in case.plans.all()]
    return Section(gettext("Guidance plan"), rows, empty=gettext("None recorded."))


def _activities(case: Case) -> Section:
    rows = [
        Row(
            _moment(a.happens_at),
            f"{a.get_kind_display()} · {a.get_domain_display()}: {a.summary}",
        )
        for a in case.activities.all()
    ]
    return Section(gettext("Activities and appointments"), rows, empty=gettext("None recorded."))


def _notes(case: Case) -> Section:
    rows = [Row(_moment(n.created_at), n.text) for n in case.notes.all()]
    return Section(gettext("Notes"), rows, empty=gettext("None recorded."))


def _safe_name(number: int, document: Document) -> str:
    stem = slugify(document.title, allow_unicode=True)[:60] or gettext("document")
    extension = re.sub(r"[^a-z0-9]", "", document.extension.lower())[:8] or "bin"
    return f"{gettext('documents')}/{number:02d}-{stem}.{extension}"


def build_export(case: Case, language: str) -> SubjectAccessExport:
    """Everything Keten holds about the person of ``case``, worded in ``language``."""
    if language not in EXPORT_LANGUAGES:
        raise ValueError(language)
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        documents = [
            ExportedDocument(_safe_name(number, d), d.title, _moment(d.uploaded_at), d)
            for number, d in enumerate(case.documents.all(), start=1)
        ]
        return SubjectAccessExport(
            case_id=case.pk,
            language=language,
            title=gettext("Everything Keten holds about you"),
            made=_moment(timezone.now()),
            centre=case.centre.name,
            sections=[
                _identity(case),
                _exploitation(case),
                _file(case),
                _procedure(case),
                _contacts(case),
                _plan(case),
                _activities(case),
                _notes(case),
            ],
            documents=documents,
        )


def export_html(export: SubjectAccessExport, *, request: HttpRequest | None = None) -> str:
    with translation.override(export.language):
        return render_to_string("cases/export.html", {"export": export}, request=request)


def export_pdf(export: SubjectAccessExport, *, request: HttpRequest | None = None) -> bytes:
    try:
        from weasyprint import HTML  # type: ignore[import-not-found,unused-ignore]
    except (ImportError, OSError) as missing:
        raise PdfUnavailable from missing
    html = export_html(export, request=request)
    try:
        return bytes(HTML(string=html).write_pdf())
    except OSError as missing:
        raise PdfUnavailable from missing


def export_json(export: SubjectAccessExport) -> str:
    """The same content as the PDF, as data another service can read (GDPR art. 20)."""
    data = {
        export.title: {
            section.title: (
                {row.label: row.value for row in section.rows} if section.rows else section.sentences
            )
            for section in export.sections
        }
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _members(export: SubjectAccessExport, pdf: bytes) -> Iterator[tuple[str, bytes]]:
    with translation.override(export.language):
        stem = gettext("my-file")
    yield f"{stem}.pdf", pdf
    yield f"{stem}.json", export_json(export).encode()
    for item in export.documents:
        yield item.name, read_encrypted_file(item.document.stored_as)


def export_zip(export: SubjectAccessExport, passphrase: str, *, request: HttpRequest | None = None) -> bytes:
    """The PDF, the same as JSON, and the decrypted documents, in a ZIP encrypted with AES-256."""
    pdf = export_pdf(export, request=request)
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in _members(export, pdf):
            archive.writestr(name, data)
    return buffer.getvalue()
