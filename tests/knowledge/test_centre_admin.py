"""Administrators keep the centres' contact data up to date; nobody else may touch it."""

from __future__ import annotations

from keten.audit.models import AuditEvent
from keten.knowledge.models import Centre
from tests.base import KetenTestCase

CHANGELIST = "/en/admin/knowledge/centre/"


class CentreAdminTests(KetenTestCase):
    def change_data(self, centre: Centre, **changes: str) -> dict[str, str | list[str]]:
        data: dict[str, str | list[str]] = {
            "slug": centre.slug,
            "name": centre.name,
            "street": centre.street,
            "postal_code": centre.postal_code,
            "city": centre.city,
            "phone": centre.phone,
            "email": centre.email,
            "website": centre.website,
            "regions": list(centre.regions),
            "languages": ", ".join(centre.languages),
            "position": str(centre.position),
        }
        data.update(changes)
        return data

    def test_it_seeds_the_three_recognised_centres(self) -> None:
        centres = {centre.slug: centre for centre in Centre.objects.all()}
        self.assertEqual(sorted(centres), ["pag-asa", "payoke", "surya"])
        self.assertEqual(centres["pag-asa"].tel_href, "tel:+3225116464")
        self.assertEqual(centres["payoke"].email, "admin@payoke.be")
        self.assertEqual(centres["surya"].regions, ["walloon"])

    def test_it_lets_an_administrator_change_a_centre(self) -> None:
        self.admin.is_staff = True
        self.admin.save(update_fields=["is_staff"])
        self.login(self.admin)
        centre = Centre.objects.get(slug="surya")
        self.assertEqual(self.client.get(CHANGELIST).status_code, 200)
        response = self.client.post(
            f"{CHANGELIST}{centre.pk}/change/",
            self.change_data(centre, phone="+32 4 111 22 33", languages="fr, en"),
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        centre.refresh_from_db()
        self.assertEqual(centre.phone, "+32 4 111 22 33")
        self.assertEqual(centre.languages, ["fr", "en"])
        event = AuditEvent.objects.get(action="centre.changed")
        self.assertEqual(event.object_id, str(centre.pk))
        self.assertContains(self.client.get("/fr/help/"), 'href="tel:+3241112233"')

    def test_it_refuses_badly_written_contact_data(self) -> None:
        self.admin.is_staff = True
        self.admin.save(update_fields=["is_staff"])
        self.login(self.admin)
        centre = Centre.objects.get(slug="payoke")
        response = self.client.post(
            f"{CHANGELIST}{centre.pk}/change/",
            self.change_data(centre, phone="03 201 16 90", languages="nl, klingon"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "international form")
        self.assertContains(response, "klingon")
        centre.refresh_from_db()
        self.assertEqual(centre.phone, "+32 3 201 16 90")

    def test_it_keeps_everyone_else_out(self) -> None:
        centre = Centre.objects.get(slug="payoke")
        for name, user in self.named_users().items():
            if name == "admin":
                continue
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            self.login(user)
            # Only installation administrators get into the technical admin: the others, staff or
            # not, are sent to its login page (302) or refused (403), never shown the centre.
            self.assertIn(self.client.get(f"{CHANGELIST}{centre.pk}/change/").status_code, (302, 403), name)
            response = self.client.post(
                f"{CHANGELIST}{centre.pk}/change/", self.change_data(centre, phone="+32 3 999 99 99")
            )
            self.assertIn(response.status_code, (302, 403), name)
            self.client.logout()
        centre.refresh_from_db()
        self.assertEqual(centre.phone, "+32 3 201 16 90")
        self.assertFalse(AuditEvent.objects.filter(action__startswith="centre.").exists())

    def test_it_sends_anonymous_visitors_to_the_login(self) -> None:
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Centre.objects.filter(phone="").exists())
