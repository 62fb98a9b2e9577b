"""The public texts, corrected after the legal review of 2 December 2026 (REFERENCE §11).

One test per correction, in Dutch, French and English: the corrected wording is on the page and the
wrong one is gone. The expected words are written out per language, so that a lost or stale
translation fails here too.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from tests.base import KetenTestCase


class ReviewCorrectionTests(KetenTestCase):
    def page(self, name: str, language: str) -> str:
        with translation.override(language):
            url = reverse(f"knowledge:{name}")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def check(self, name: str, right: dict[str, str], wrong: dict[str, str] | None = None) -> None:
        for language, words in right.items():
            html = self.page(name, language)
            self.assertIn(words, html, f"{name} [{language}]")
            if wrong and language in wrong:
                self.assertNotIn(wrong[language], html, f"{name} [{language}]")

    def test_european_is_not_eu_for_residence_documents(self) -> None:
        """Ukrainian, Albanian, Moldovan or Swiss victims are European, not EU citizens (Aliens Act
        art. 61/2; REFERENCE §3 and §11)."""
        self.check(
            "protection",
            {
                "en": "Ukraine, Albania, Moldova or Switzerland",
                "nl": "Oekraïne, Albanië",
                "fr": "l'Ukraine, l'Albanie",
            },
            {
                "en": "Belgian and other European victims",
                "nl": "Belgische en andere Europese slachtoffers",
                "fr": "victimes belges et des autres pays européens",
            },
        )

    def test_smuggling_is_for_a_patrimonial_advantage_in_the_eu_or_schengen(self) -> None:
        """Aliens Act art. 77bis: a patrimonial advantage, direct or indirect; EU or Schengen states."""
        self.check(
            "smuggling",
            {
                "en": "in order to gain money or something else of value, directly or indirectly",
                "nl": "Schengenzone",
                "fr": "l'espace Schengen",
            },
            {"en": "another European country against the rules, and makes money from it"},
        )
        self.check(
            "smuggling", {"en": "including Swiss and Norwegian", "nl": "Zwitsers en Noren", "fr": "Suisses"}
        )

    def test_forms_do_not_suggest_that_force_is_needed(self) -> None:
        """Art. 433quinquies §1: means are not an element; only 5° says "against their will"."""
        self.check(
            "forms",
            {
                "en": "No force is needed for it to be exploitation",
                "nl": "Er is geen dwang nodig om van uitbuiting te spreken",
                "fr": "Aucune contrainte n&#x27;est nécessaire pour qu&#x27;il y ait exploitation",
            },
            {
                "en": "they force the person into prostitution",
                "nl": "Gedwongen bedelarij",
                "fr": "Mendicité forcée",
            },
        )
        self.check(
            "forms",
            {
                "en": "Exploitation of begging",
                "nl": "Uitbuiting van bedelarij",
                "fr": "Exploitation de la mendicité",
            },
        )

    def test_organ_removal_need_not_be_sold_and_includes_body_material(self) -> None:
        """Art. 433quinquies §1, 4°: removal of organs or human body material in breach of the law."""
        self.check(
            "forms",
            {
                "en": "It does not have to be sold for this to be trafficking",
                "nl": "Het hoeft niet verkocht te worden",
                "fr": "Il ne doit pas être vendu",
            },
            {"en": "against the law and sold."},
        )

    def test_forms_page_marks_the_new_purposes_as_unconfirmed(self) -> None:
        """Directive (EU) 2024/1712; Myria on the new Criminal Code (REFERENCE §11), not confirmed."""
        self.check(
            "forms",
            {
                "en": "Keten has not yet confirmed this in the text of the law",
                "nl": "Keten heeft dat nog niet in de wettekst bevestigd",
                "fr": "Keten ne l'a pas encore confirmé",
            },
        )

    def test_the_reflection_period_gives_minors_three_months(self) -> None:
        """Myria: an unaccompanied foreign minor gets a 3-month document at once (REFERENCE §11)."""
        self.check(
            "protection",
            {
                "en": "A foreign child without parents receives a document for 3 months at once",
                "nl": "krijgt meteen een document voor 3 maanden",
                "fr": "reçoit d'emblée un document de 3 mois",
            },
        )

    def test_no_one_must_work_with_the_police_to_enter_the_procedure(self) -> None:
        """The reflection period exists so that the person need not yet make statements (circular of
        23 December 2016; REFERENCE §11)."""
        self.check(
            "protection",
            {
                "en": "without having to talk to the police yet",
                "nl": "zonder al met de politie te moeten praten",
                "fr": "sans devoir déjà parler à la police",
            },
            {"en": "To enter the procedure and to stay in it", "fr": "Pour entrer dans la procédure"},
        )

    def test_the_second_document_names_the_public_order_condition(self) -> None:
        """Myria: renewal needs no danger to public order (REFERENCE §11)."""
        self.check(
            "protection",
            {
                "en": "not a danger to public order",
                "nl": "geen gevaar voor de openbare orde",
                "fr": "danger pour l'ordre public",
            },
        )

    def test_permanent_stay_is_a_decision_not_a_right_and_follows_aggravated_smuggling_too(self) -> None:
        """Myria, quoted by RTBF: unlimited residence "may" follow, also for aggravated smuggling."""
        self.check(
            "protection",
            {
                "en": "not an automatic right",
                "nl": "geen automatisch recht",
                "fr": "pas un droit automatique",
            },
            {"en": "the person may stay in Belgium for good."},
        )
        self.check(
            "protection",
            {"en": "aggravated smuggling", "nl": "verzwaarde mensensmokkel", "fr": "trafic aggravé"},
        )

    def test_the_guardian_is_for_a_foreign_child_without_parent_or_legal_guardian(self) -> None:
        """Guardianship: non-EEA unaccompanied minors, EEA and Swiss minors too since December 2014 when
        they may be victims (Child Focus; REFERENCE §11)."""
        self.check(
            "protection",
            {
                "en": "A child who is not Belgian and is in Belgium without a parent or legal guardian",
                "nl": "Een kind dat geen Belg is en zonder ouder of wettelijke voogd",
                "fr": "Un enfant qui n'est pas belge",
            },
            {"en": "A child who is in Belgium without their parents gets a guardian."},
        )

    def test_consent_matters_only_for_forced_criminality(self) -> None:
        """Art. 433quinquies §1, last sentence (REFERENCE §11)."""
        self.check(
            "what_is_trafficking",
            {
                "en": "making someone commit crimes counts only when it is against their will",
                "nl": "De enige uitzondering",
                "fr": "La seule exception",
            },
        )

    def test_the_law_page_names_both_codes(self) -> None:
        """Laws of 29 February 2024, in force 8 April 2026 (FPS Justice; REFERENCE §11)."""
        self.check(
            "what_is_trafficking",
            {
                "en": "for facts before 8 April 2026, and the new Criminal Code for facts from that day",
                "nl": "voor feiten vóór 8 april 2026",
                "fr": "pour les faits antérieurs au 8 avril 2026",
            },
        )
