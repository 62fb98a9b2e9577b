"""The same identifier written two ways has one normal form; something else is refused."""

from __future__ import annotations

import pytest

from keten.links.normalise import NotAnIdentifier, normalise

SAME = [
    # kind, country, written one way, written another way, normal form
    ("phone", "BE", "0470 12 34 56", "+32 470/12.34.56", "+32470123456"),
    ("phone", "BE", "02 555 12 12", "0032 2 555 12 12", "+3225551212"),
    ("phone", "NL", "06 12345678", "+31 6 1234 5678", "+31612345678"),
    ("phone", "FR", "06 12 34 56 78", "+33 6 12 34 56 78", "+33612345678"),
    ("phone", "DE", "0151 23456789", "+49 151 234 567 89", "+4915123456789"),
    ("phone", "LU", "621 123 456", "+352 621 123 456", "+352621123456"),
    ("email", "BE", "Jan.Peeters@Example.BE", " mailto:jan.peeters@example.be ", "jan.peeters@example.be"),
    (
        "address",
        "BE",
        "Rue Neuve 12, 1000 Bruxelles",
        "12 r. neuve 1000 BRUXELLES",
        "BE:1000 12 bruxelles neuve rue",
    ),
    ("address", "BE", "Brusselsesteenweg 5 bus 2, 9000 Gent", "brusselsesteenweg 5 bte 2 9000 gent", None),
    ("address", "DE", "Hauptstraße 3, 52062 Aachen", "hauptstrasse 3 52062 aachen", None),
    ("plate", "BE", "1-ABC-123", "1 abc 123", "BE:1ABC123"),
    ("plate", "FR", "GH-123-AB", "gh 123 ab", "FR:GH123AB"),
    ("plate", "NL", "12-ABC-3", "12abc3", "NL:12ABC3"),
    ("iban", "BE", "BE71 0961 2345 6769", "be71096123456769", "BE71096123456769"),
    ("iban", "NL", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("iban", "DE", "DE89 3704 0044 0532 0130 00", "de89370400440532013000", "DE89370400440532013000"),
    ("enterprise", "BE", "0403.019.261", "BE 0403 019 261", "0403019261"),
    ("enterprise", "BE", "403.019.261", "BE0403019261", "0403019261"),
    ("website", "BE", "https://WWW.Example.be/jobs/", "example.be/jobs?utm=1", "example.be/jobs"),
    ("handle", "BE", "https://www.instagram.com/Jobs.BE/", "instagram:@jobs.be", "instagram:jobs.be"),
    ("handle", "BE", "@Clean_Jobs", "clean_jobs", "clean_jobs"),
    ("workplace", "BE", "Car Wash Nord BV", "CAR-WASH NORD b.v.", "car wash nord"),
    ("workplace", "BE", "Nettoyage Éclair SPRL", "nettoyage eclair", "nettoyage eclair"),
]


@pytest.mark.parametrize(("kind", "country", "one", "other", "normal"), SAME)
def test_two_ways_of_writing_give_one_normal_form(
    kind: str, country: str, one: str, other: str, normal: str | None
) -> None:
    first, _shown = normalise(kind, one, country)
    second, _shown = normalise(kind, other, country)
    assert first == second
    if normal is not None:
        assert first == normal


DIFFERENT = [
    ("phone", "BE", "0470 12 34 56", "BE", "0470 12 34 57"),
    ("plate", "BE", "1-ABC-123", "FR", "1-ABC-123"),
    ("address", "BE", "Rue Neuve 12, 1000 Bruxelles", "BE", "Rue Neuve 14, 1000 Bruxelles"),
    ("workplace", "BE", "Car Wash Nord", "BE", "Carwash Nord"),
]


@pytest.mark.parametrize(("kind", "country", "one", "other_country", "other"), DIFFERENT)
def test_different_identifiers_stay_different(
    kind: str, country: str, one: str, other_country: str, other: str
) -> None:
    assert normalise(kind, one, country)[0] != normalise(kind, other, other_country)[0]


REFUSED = [
    ("phone", "BE", "12"),
    ("phone", "BE", "not a number"),
    ("email", "BE", "jan.peeters"),
    ("iban", "BE", "BE71 0961 2345 6760"),  # a wrong check digit
    ("iban", "BE", "BE68 5390 0754 7034"),  # IBAN check right, Belgian account check wrong
    ("enterprise", "BE", "0403.019.262"),
    ("website", "BE", "nothing"),
    ("address", "BE", "somewhere"),
    ("plate", "BE", "1"),
    ("workplace", "BE", "BV"),
    ("unknown", "BE", "something"),
    ("phone", "BE", "   "),
]


@pytest.mark.parametrize(("kind", "country", "value"), REFUSED)
def test_what_is_not_an_identifier_is_refused(kind: str, country: str, value: str) -> None:
    with pytest.raises(NotAnIdentifier):
        normalise(kind, value, country)
