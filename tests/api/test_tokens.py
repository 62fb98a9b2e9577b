"""Personal API tokens: made and revoked by their owner, hashed at rest, scoped to one membership."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from keten.accounts.models import Membership
from keten.accounts.roles import Role
from keten.api import tokens
from keten.api.models import ApiToken
from keten.audit.models import AuditEvent
from keten.referrals.models import Status
from tests.base import make_person
from tests.referrals.helpers import ReferralTestCase, make_referral

TOKENS_PAGE = "/en/accounts/api-tokens/"


class TokenTest(ReferralTestCase):
    def get(self, secret: str, path: str = "/api/v1/referrals/received") -> object:
        return self.client.get(path, **self.bearer(secret))

    def bearer(self, secret: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def make(self, user: object, organisation: object, **kwargs: object) -> str:
        membership = Membership.objects.get(user=user, organisation=organisation)
        return tokens.create_token(
            user=membership.user, membership=membership, name="script", expires_on=kwargs.get("expires_on")
        ).secret

    def test_the_owner_makes_a_token_on_their_page_and_sees_it_once(self) -> None:
        self.login(self.magistrate)
        membership = Membership.objects.get(user=self.magistrate)
        response = self.client.post(TOKENS_PAGE, {"name": "case tool", "membership": membership.pk})
        self.assertEqual(response.status_code, 200)
        token = ApiToken.objects.get(user=self.magistrate)
        secret = response.context["secret"]
        self.assertTrue(secret.startswith("ket_"))
        self.assertIn(secret, response.content.decode())
        # Only the hash is kept: no column holds the token, and the page never shows it again.
        self.assertEqual(token.token_hash, tokens.hash_token(secret))
        self.assertNotIn(secret, str(ApiToken.objects.filter(pk=token.pk).values().get()))
        self.assertNotIn(secret, self.client.get(TOKENS_PAGE).content.decode())
        event = AuditEvent.objects.get(action="api_token.created")
        self.assertNotIn(secret, str(event.data))
        self.assertEqual(self.get(secret).status_code, 200)  # type: ignore[attr-defined]

    def test_a_person_cannot_make_a_token_for_someone_elses_membership(self) -> None:
        self.login(self.magistrate)
        other = Membership.objects.get(user=self.police_officer)
        response = self.client.post(TOKENS_PAGE, {"name": "x", "membership": other.pk})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())

    def test_only_the_owner_revokes_and_a_revoked_token_opens_nothing(self) -> None:
        secret = self.make(self.magistrate, self.prosecution)
        token = ApiToken.objects.get()
        self.login(self.police_officer)
        self.assert_not_found(self.client.post(f"{TOKENS_PAGE}{token.pk}/revoke/"))
        self.login(self.magistrate)
        self.client.post(f"{TOKENS_PAGE}{token.pk}/revoke/")
        revoked = AuditEvent.objects.filter(action="api_token.revoked", object_id=str(token.pk))
        self.assertTrue(revoked.exists())
        self.client.logout()
        response = self.client.get("/api/v1/referrals/received", **self.bearer(secret))
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())
        self.assertTrue(AuditEvent.objects.filter(action="api_token.refused", data__why="revoked").exists())

    def test_an_expired_or_unknown_token_opens_nothing_and_is_audited(self) -> None:
        secret = self.make(self.magistrate, self.prosecution, expires_on=timezone.localdate())
        ApiToken.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
        self.assertEqual(self.get(secret).status_code, 401)  # type: ignore[attr-defined]
        self.assertTrue(AuditEvent.objects.filter(action="api_token.refused", data__why="expired").exists())
        guessed = self.client.get("/api/v1/referrals/received", **self.bearer("ket_" + "A" * 43))
        self.assertEqual(guessed.status_code, 401)
        self.assertTrue(AuditEvent.objects.filter(action="api_token.refused", data__why="unknown").exists())

    def test_a_token_acts_only_for_its_own_membership(self) -> None:
        # One person in two organisations: a token of the police sees nothing of the prosecution.
        person = make_person("both@example.org", self.police, Role.INVESTIGATOR)
        Membership.objects.create(user=person, organisation=self.prosecution, role=Role.MAGISTRATE)
        to_prosecution = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        police_token = self.make(person, self.police)
        prosecution_token = self.make(person, self.prosecution)
        path = f"/api/v1/referrals/{to_prosecution.pk}"
        self.assertEqual(self.client.get(path, **self.bearer(prosecution_token)).status_code, 200)
        self.assertEqual(self.client.get(path, **self.bearer(police_token)).status_code, 404)
        received = self.client.get("/api/v1/referrals/received", **self.bearer(police_token)).json()
        self.assertEqual(received["count"], 0)

    def test_a_token_of_an_ended_membership_opens_nothing(self) -> None:
        secret = self.make(self.magistrate, self.prosecution)
        Membership.objects.filter(user=self.magistrate).update(is_active=False)
        response = self.client.get("/api/v1/referrals/received", **self.bearer(secret))
        self.assertEqual(response.status_code, 401)

    def test_a_token_writes_without_csrf_and_a_session_still_needs_it(self) -> None:
        referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )
        secret = self.make(self.magistrate, self.prosecution)
        answer = f"/api/v1/referrals/{referral.pk}/answer"
        response = self.client.post(
            answer, '{"accept": true}', content_type="application/json", **self.bearer(secret)
        )
        self.assertEqual(response.status_code, 200)
        referral.refresh_from_db()
        self.assertEqual(referral.status, Status.ACCEPTED)
