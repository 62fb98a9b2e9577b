"""Country and language names in the reader's language, from the Unicode CLDR (through Babel).

Case files store ISO codes (ISO 3166-1 alpha-2 for nationalities, ISO 639 for languages), so the
data stays exact and exchangeable; people read and type names. ``parse_countries`` and
``parse_languages`` accept either, in any of Keten's languages, so "Roemenië, NG" and "Romania, ng"
both give ``["RO", "NG"]``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language

from keten.core.law import COUNTRY_CODES

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def _locale(language: str | None = None) -> Locale:
    return _parsed(language or get_language() or settings.LANGUAGE_CODE)


@cache
def _parsed(language: str) -> Locale:
    return Locale.parse(language.replace("-", "_"))


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the current language; the code itself if CLDR has no name for it."""
    return str(_locale(language).territories.get(code.upper(), code.upper()))


def language_name(code: str, language: str | None = None) -> str:
    return str(_locale(language).languages.get(code.lower(), code.lower()))


def country_names(codes: list[str], language: str | None = None) -> list[str]:
    return [country_name(code, language) for code in codes]


def language_names(codes: list[str], language: str | None = None) -> list[str]:
    return [language_name(code, language) for code in codes]


def _key(text: str) -> str:
    """Case, accents and punctuation do not matter when someone types a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


@cache
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        territories = _parsed(language).territories
        for code in COUNTRY_CODES:
            if code in territories:
                lookup.setdefault(_key(territories[code]), code)
    return lookup


@cache
def _language_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        for code, name in _parsed(language).languages.items():
            if LANGUAGE_CODE.match(code):
                lookup.setdefault(_key(name), code)
    return lookup


def _parse(
    text: str, lookup: dict[str, str], is_code: re.Pattern[str], upper: bool
) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in re.split(r"[,;\n]+", text)):
        if not part:
            continue
        if (code := lookup.get(_key(part))) is not None:
            codes.append(code)
            continue
        # Not a name: codes may also be separated by spaces ("RO NG").
        for word in part.split():
            candidate = word.upper() if upper else word.lower()
            if is_code.match(candidate):
                codes.append(candidate)
            else:
                unknown.append(word)
    return list(dict.fromkeys(codes)), unknown


_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def parse_countries(text: str) -> tuple[list[str], list[str]]:
    """The ISO codes of a list of countries typed by name or code, and what was not recognised."""
    codes, unknown = _parse(text, _country_lookup(), _COUNTRY_CODE, upper=True)
    unknown += [code for code in codes if code not in COUNTRY_CODES]
    return [code for code in codes if code in COUNTRY_CODES], unknown


def parse_languages(text: str) -> tuple[list[str], list[str]]:
    """The ISO 639 codes of a list of languages typed by name or code, and what was not recognised."""
    codes, unknown = _parse(text, _language_lookup(), LANGUAGE_CODE, upper=False)
    known = _parsed("en").languages
    unknown += [code for code in codes if code not in known]
    return [code for code in codes if code in known], unknown
