"""Identifiers in free text: phone numbers, e-mail addresses, IBANs, enterprise numbers, plates, ...

Each finder is a pattern plus, where the identifier has one, a check: phone numbers are found and
checked by ``phonenumbers`` (Google's libphonenumber, region BE: the number must be a valid number,
not just a run of digits), IBANs and Belgian enterprise numbers by their check digits
(``python-stdnum``). What has no check digits (plates, handles, web addresses, company names) only
comes from narrow patterns. Where two finders claim the same characters the more specific one wins
(an enterprise number written 0403.019.261 is also a valid mobile number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.be import vat as stdnum_be_vat

from keten.core.i18n import Message, _
from keten.suggestions.model import IDENTIFIER, Span, Suggestion

PHONE = "phone"
EMAIL = "email"
IBAN = "iban"
ENTERPRISE = "enterprise_number"
PLATE = "plate"
URL = "url"
HANDLE = "handle"
COMPANY = "company"
IDENTIFIER_TYPES: tuple[str, ...] = (IBAN, ENTERPRISE, EMAIL, URL, PLATE, PHONE, HANDLE, COMPANY)
IDENTIFIER_LABELS: dict[str, str] = {
    PHONE: _("Phone number"),
    EMAIL: _("E-mail address"),
    IBAN: _("Bank account (IBAN)"),
    ENTERPRISE: _("Belgian enterprise number"),
    PLATE: _("Belgian number plate"),
    URL: _("Web address"),
    HANDLE: _("Social media account"),
    COMPANY: _("Company name"),
}

CHECKED = 0.95
PATTERN_ONLY = 0.8
REASON_CHECKED = _("The format and the check digits are right.")
REASON_PHONE = _("A valid phone number according to the numbering plan.")
REASON_PATTERN = _("Matches the usual way of writing it.")


@dataclass(frozen=True)
class _Found:
    code: str
    start: int
    end: int
    value: str
    score: float
    reason: str


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Two letters, two digits, then groups of up to four letters or digits (spaces allowed every four).
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
# 0xxx.xxx.xxx or 1xxx.xxx.xxx (dotted, the official way of writing it), with BE and optional space.
_ENTERPRISE_DOTTED = re.compile(r"(?<![\w.])(?:BE ?)?[01]\d{3}\.\d{3}\.\d{3}(?![\w]|\.\d)")
# BE0403019261 / BE 0403 019 261: a written BE prefix makes it a VAT or enterprise number.
_ENTERPRISE_BE = re.compile(r"(?<![\w.])BE ?[01]\d{3} ?\d{3} ?\d{3}(?!\w)")
# Plates since 2010: 1-ABC-123 (the first digit 1 to 9; dashes, spaces or dots).
_PLATE = re.compile(r"(?<![\w-])[1-9][- .]?[A-Z]{3}[- .]?\d{3}(?![\w-])")
_URL = re.compile(
    r"(?<![\w@/.])(?:https?://[^\s<>\"']+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>\"']*)?)",
    re.IGNORECASE,
)
# @name, not inside an e-mail address: letters, digits, _ and inner dots, 3 to 30 characters.
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))(?![\w@])")
# A company: one to four capitalised words, then a legal form (BV, NV, SRL, SA, GmbH, Ltd, ...).
_LEGAL_FORMS = r"(?:BV|BVBA|NV|VOF|CommV|CV|SRL|SPRL|SA|SC|SCRL|SNC|ASBL|VZW|GmbH|AG|Ltd|LLC|SARL)"
_COMPANY = re.compile(
    r"(?<![\w-])((?:[A-Z][\w&'-]*|[A-Z]{2,})(?: (?:[A-Z][\w&'-]*|&|de|van|der|des|du|la|le)){0,3}) "
    + _LEGAL_FORMS
    + r"(?![\w])"
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def _phones(text: str) -> Iterator[_Found]:
    for match in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.VALID):
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        yield _Found(PHONE, match.start, match.end, value, CHECKED, REASON_PHONE)


def _emails(text: str) -> Iterator[_Found]:
    for match in _EMAIL.finditer(text):
        yield _Found(EMAIL, match.start(), match.end(), match.group().lower(), PATTERN_ONLY, REASON_PATTERN)


def _ibans(text: str) -> Iterator[_Found]:
    for match in _IBAN.finditer(text):
        if stdnum_iban.is_valid(match.group()):
            value = stdnum_iban.format(match.group())
            yield _Found(IBAN, match.start(), match.end(), value, CHECKED, REASON_CHECKED)


def _enterprise_numbers(text: str) -> Iterator[_Found]:
    for pattern in (_ENTERPRISE_DOTTED, _ENTERPRISE_BE):
        for match in pattern.finditer(text):
            if stdnum_be_vat.is_valid(match.group()):
                digits = stdnum_be_vat.compact(match.group())
                value = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
                yield _Found(ENTERPRISE, match.start(), match.end(), value, CHECKED, REASON_CHECKED)


def _plates(text: str) -> Iterator[_Found]:
    for match in _PLATE.finditer(text):
        compact = re.sub(r"[- .]", "", match.group())
        value = f"{compact[0]}-{compact[1:4]}-{compact[4:]}"
        yield _Found(PLATE, match.start(), match.end(), value, PATTERN_ONLY, REASON_PATTERN)


def _urls(text: str) -> Iterator[_Found]:
    for match in _URL.finditer(text):
        raw = match.group().rstrip(_TRAILING_PUNCTUATION)
        yield _Found(URL, match.start(), match.start() + len(raw), raw, PATTERN_ONLY, REASON_PATTERN)


def _handles(text: str) -> Iterator[_Found]:
    for match in _HANDLE.finditer(text):
        raw = match.group().rstrip(".")
        yield _Found(
            HANDLE, match.start(), match.start() + len(raw), raw.lower(), PATTERN_ONLY, REASON_PATTERN
        )


def _companies(text: str) -> Iterator[_Found]:
    for match in _COMPANY.finditer(text):
        yield _Found(COMPANY, match.start(), match.end(), match.group(), PATTERN_ONLY, REASON_PATTERN)


# In order of precedence: a finder earlier in the list keeps the characters it claims.
_FINDERS: tuple[Callable[[str], Iterator[_Found]], ...] = (
    _ibans,
    _enterprise_numbers,
    _emails,
    _urls,
    _plates,
    _phones,
    _handles,
    _companies,
)


def find_identifiers(text: str) -> list[Suggestion]:
    """Every identifier found, in the order of the text; no two overlap."""
    claimed: list[Span] = []
    found: list[tuple[Span, _Found]] = []
    for finder in _FINDERS:
        for item in finder(text):
            span = Span(item.start, item.end)
            if any(span.overlaps(other) for other in claimed):
                continue
            claimed.append(span)
            found.append((span, item))
    found.sort(key=lambda pair: pair[0])
    return [
        Suggestion(
            kind=IDENTIFIER,
            code=item.code,
            label=IDENTIFIER_LABELS[item.code],
            score=item.score,
            reason=Message(item.reason),
            spans=(span,),
            value=item.value,
            triggers=(text[span.start : span.end],),
        )
        for span, item in found
    ]
