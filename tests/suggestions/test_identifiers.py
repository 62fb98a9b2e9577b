"""Identifiers in free text: the right characters, the right kind, nothing that only looks like one."""

from __future__ import annotations

from django.test import SimpleTestCase

from keten.suggestions.identifiers import find_identifiers


def found(text: str) -> list[tuple[str, str, str]]:
    return [
        (item.code, text[item.spans[0].start : item.spans[0].end], item.value)
        for item in find_identifiers(text)
    ]


class IdentifierTests(SimpleTestCase):
    def test_it_finds_belgian_and_international_phone_numbers_with_their_place_in_the_text(self) -> None:
        text = "Bel 0470 12 34 56 of +33 6 12 34 56 78, of 0471/23.45.67."
        self.assertEqual(
            found(text),
            [
                ("phone", "0470 12 34 56", "+32470123456"),
                ("phone", "+33 6 12 34 56 78", "+33612345678"),
                ("phone", "0471/23.45.67", "+32471234567"),
            ],
        )

    def test_it_does_not_take_dates_amounts_times_or_order_numbers_for_phone_numbers(self) -> None:
        for text in (
            "Op 12/03/2024 om 14:00 betaalde hij 1.200 euro.",
            "Bestelling 2024-118734 werd geleverd; 150 mensen; bus 471.",
            "La facture du 3 mars 2025 indique 4.500 EUR.",
            "Der Termin ist am 12.03.2024 um 14:00 Uhr.",
        ):
            with self.subTest(text=text):
                self.assertEqual(found(text), [])

    def test_it_accepts_an_iban_only_with_the_right_check_digits(self) -> None:
        self.assertEqual(
            found("Rekening BE71 0961 2345 6769."), [("iban", "BE71 0961 2345 6769", "BE71 0961 2345 6769")]
        )
        self.assertEqual(found("Rekening BE12 3456 7890 1234."), [])
        self.assertEqual(
            found("Konto DE89370400440532013000"),
            [("iban", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00")],
        )

    def test_it_reads_an_enterprise_number_before_a_phone_number_in_the_same_digits(self) -> None:
        # 0403.019.261 is also a valid Belgian mobile number: the official dotted form wins.
        self.assertEqual(found("KBO 0403.019.261"), [("enterprise_number", "0403.019.261", "0403.019.261")])
        self.assertEqual(found("TVA BE0403019261"), [("enterprise_number", "BE0403019261", "0403.019.261")])
        self.assertEqual(found("KBO 0403.019.262"), [])

    def test_it_finds_plates_emails_urls_handles_and_companies(self) -> None:
        text = (
            "Bestelwagen 1-ABC-123, mail jan.peeters@example.be, zie www.example.be/jobs en "
            "https://example.com/a?b=1. Instagram @lina_vip. Werkt voor Bouw Janssens BV."
        )
        self.assertEqual(
            [(code, raw) for code, raw, _value in found(text)],
            [
                ("plate", "1-ABC-123"),
                ("email", "jan.peeters@example.be"),
                ("url", "www.example.be/jobs"),
                ("url", "https://example.com/a?b=1"),
                ("handle", "@lina_vip"),
                ("company", "Bouw Janssens BV"),
            ],
        )

    def test_an_email_address_is_not_also_a_handle(self) -> None:
        self.assertEqual(
            [code for code, _raw, _value in found("Write to maria@example.org today")], ["email"]
        )
