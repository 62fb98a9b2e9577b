"""One normal form per kind of identifier, so that the same thing written two ways matches.

Each normaliser returns ``(normal, shown)``: ``normal`` is what the keyed lookup hash is taken
of, ``shown`` is how the value is displayed (and stored encrypted). A value that is not a valid
identifier of its kind raises :class:`NotAnIdentifier` with a message for the person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_enterprise
from stdnum.exceptions import ValidationError as StdnumError

from keten.links.kinds import IdentifierKind

DEFAULT_COUNTRY = "BE"
MAX_LENGTH = 300


class NotAnIdentifier(ValueError):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _plain(text: str) -> str:
    """Without accents, case or punctuation; words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^\w]+", " ", without_accents.casefold())
    return " ".join(words.replace("_", " ").split())


def phone(value: str, country: str = DEFAULT_COUNTRY) -> tuple[str, str]:
    """E.164 (+32470123456); a national number is read as one of ``country``."""
    try:
        number = phonenumbers.parse(value, country.upper() or DEFAULT_COUNTRY)
    except phonenumbers.NumberParseException:
        raise NotAnIdentifier(_("This is not a phone number.")) from None
    if not phonenumbers.is_valid_number(number):
        raise NotAnIdentifier(_("This is not a phone number in use in that country."))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return e164, shown


def email(value: str, country: str = "") -> tuple[str, str]:
    address = value.strip().removeprefix("mailto:")
    try:
        validate_email(address)
    except ValidationError:
        raise NotAnIdentifier(_("This is not an e-mail address.")) from None
    local, _at, domain = address.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise NotAnIdentifier(_("This is not an e-mail address.")) from None
    normal = f"{local}@{domain}".casefold()
    return normal, normal


# Street words written in full or short in the four languages of Belgium's addresses.
_ADDRESS_WORDS = {
    "str": "straat",
    "st": "straat",
    "stwg": "steenweg",
    "stw": "steenweg",
    "ln": "laan",
    "r": "rue",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "bvd": "boulevard",
    "ch": "chaussee",
    "chee": "chaussee",
    "pl": "place",
    "str.": "strasse",
    "bus": "bus",
    "bte": "bus",
    "boite": "bus",
}


def address(value: str, country: str = DEFAULT_COUNTRY) -> tuple[str, str]:
    """Accents, case, punctuation and common abbreviations ignored; ``straße`` is ``strasse``."""
    plain = _plain(value.replace("ß", "ss"))
    if len(plain) < 6 or not re.search(r"\d", plain):
        raise NotAnIdentifier(_("Give a street with a house number, and a postal code or a town."))
    words = [_ADDRESS_WORDS.get(word, word) for word in plain.split()]
    # "Rue Neuve 12" and "12 rue neuve": the same address; the words, sorted, are compared.
    normal = " ".join(sorted(words))
    country_code = (country or DEFAULT_COUNTRY).upper()
    return f"{country_code}:{normal}", " ".join(value.split())


def plate(value: str, country: str = DEFAULT_COUNTRY) -> tuple[str, str]:
    """Letters and digits only, upper case, with the country: ``1-ABC-123`` is ``BE:1ABC123``."""
    compact = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKD", value)).upper()
    if not 2 <= len(compact) <= 12:
        raise NotAnIdentifier(_("This is not a vehicle plate."))
    country_code = (country or DEFAULT_COUNTRY).upper()
    return f"{country_code}:{compact}", f"{compact} ({country_code})"


def iban(value: str, country: str = "") -> tuple[str, str]:
    """A valid IBAN (check digits and national format, python-stdnum), without spaces."""
    try:
        compact = stdnum_iban.validate(value)
    except StdnumError:
        raise NotAnIdentifier(_("This is not a valid IBAN.")) from None
    return compact, stdnum_iban.format(compact)


def enterprise(value: str, country: str = "") -> tuple[str, str]:
    """A Belgian enterprise number (KBO/BCE, the same as the VAT number), ten digits."""
    try:
        compact = be_enterprise.validate(value)
    except StdnumError:
        raise NotAnIdentifier(_("This is not a valid Belgian enterprise number.")) from None
    return compact, f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


def website(value: str, country: str = "") -> tuple[str, str]:
    """The host without ``www.`` and the path, lower case: ``https://WWW.Example.be/jobs/`` is
    ``example.be/jobs``. The query and fragment are dropped."""
    text = value.strip()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise NotAnIdentifier(_("This is not a web address.")) from None
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        raise NotAnIdentifier(_("This is not a web address."))
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/").lower()
    normal = f"{host}{path}"
    return normal, normal


# Social networks whose profile address names the handle: instagram.com/name is @name there.
_NETWORK_HOSTS = {
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "x.com": "x",
    "twitter.com": "x",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "snapchat.com": "snapchat",
    "linkedin.com": "linkedin",
    "onlyfans.com": "onlyfans",
}


def handle(value: str, country: str = "") -> tuple[str, str]:
    """An advertisement's reference or a social-media handle.

    A profile address becomes ``network:handle`` (``https://www.instagram.com/Jobs.BE/`` is
    ``instagram:jobs.be``); ``network:@handle`` is kept as is; a bare ``@handle`` or an
    advertisement's reference is compared without ``@``, case and spaces.
    """
    text = value.strip()
    if re.match(r"^(https?://)?([a-z0-9-]+\.)*[a-z0-9-]+\.[a-z]{2,}/", text, re.I):
        parts = urlsplit(text if "://" in text else f"https://{text}")
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
        network = _NETWORK_HOSTS.get(host)
        segments = [segment for segment in parts.path.split("/") if segment]
        if network and segments:
            name = segments[-1] if segments[0] in ("u", "in", "user") and len(segments) > 1 else segments[0]
            normal = f"{network}:{name.lstrip('@').casefold()}"
            return normal, normal
        return website(text)
    network, colon, name = text.partition(":")
    if colon and re.fullmatch(r"[A-Za-z]+", network) and name.strip():
        normal = f"{network.casefold()}:{name.strip().lstrip('@').casefold()}"
        return normal, normal
    compact = re.sub(r"\s+", "", text).lstrip("@").casefold()
    if len(compact) < 2:
        raise NotAnIdentifier(_("This is too short to be a handle or a reference."))
    return compact, compact


# Legal forms that one writer adds and another leaves out (Belgium, the Netherlands, France,
# Germany, Luxembourg).
_LEGAL_FORMS = frozenset(
    "bv bvba nv vof commv comm v cv cvba vzw srl sprl sa sc scrl snc scs asbl gmbh ag kg ohg ug e k "
    "ek sarl sas sasu eurl ltd llc inc".split()
)


def workplace(value: str, country: str = "") -> tuple[str, str]:
    """The name without accents, case, punctuation or legal form: ``Car Wash Nord BV`` and
    ``CAR-WASH NORD b.v.`` are both ``car wash nord``. Words stay words: ``carwash`` differs."""
    plain = _plain(value)
    plain = re.sub(r"\b([a-z])\s(?=[a-z]\b)", r"\1", plain)  # "b v" (from "b.v.") becomes "bv"
    words = [word for word in plain.split() if word not in _LEGAL_FORMS]
    if not words:
        raise NotAnIdentifier(_("Give the name of the workplace."))
    return " ".join(words), " ".join(value.split())


NORMALISERS: dict[str, Callable[[str, str], tuple[str, str]]] = {
    IdentifierKind.PHONE: phone,
    IdentifierKind.EMAIL: email,
    IdentifierKind.ADDRESS: address,
    IdentifierKind.PLATE: plate,
    IdentifierKind.IBAN: iban,
    IdentifierKind.ENTERPRISE: enterprise,
    IdentifierKind.WEBSITE: website,
    IdentifierKind.HANDLE: handle,
    IdentifierKind.WORKPLACE: workplace,
}


def normalise(kind: str, value: str, country: str = DEFAULT_COUNTRY) -> tuple[str, str]:
    """``(normal, shown)`` for a typed identifier of ``kind``; NotAnIdentifier if it is not one."""
    if kind not in NORMALISERS:
        raise NotAnIdentifier(_("Choose what kind of identifier this is."))
    value = value.strip()
    if not value:
        raise NotAnIdentifier(_("Give the identifier."))
    if len(value) > MAX_LENGTH:
        raise NotAnIdentifier(_("This is too long."))
    return NORMALISERS[kind](value, country or DEFAULT_COUNTRY)
