"""Clearly fictitious case files, for demonstrations and benchmarks ("Demo Person 17").

:func:`load_fictitious_cases` writes in batches with ``bulk_create`` (the encrypted fields are
encrypted row by row as the batch is sent), so a million cases on PostgreSQL take minutes.
"""

from __future__ import annotations

import base64
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.cases.choices import FormOfExploitation, Gender, IntakeChannel, Sector
from keten.cases.models import Case, CaseAssignment, ConditionEvidence, ProcedureEvent
from keten.cases.services import identity_hashes
from keten.core import procedure
from keten.core.dates import age_on

BATCH_SIZE = 5000
NATIONALITIES = ("NG", "RO", "BG", "VN", "MA", "BR", "CN", "AL", "UA", "IN", "PH", "BE", "ER")
LANGUAGES = ("en", "fr", "ro", "bg", "vi", "ar", "pt", "zh", "sq", "uk")
_STATES = (
    procedure.State.REFERRED,
    procedure.State.REFLECTION,
    procedure.State.FIRST_RESIDENCE,
    procedure.State.SECOND_RESIDENCE,
    procedure.State.SECOND_RESIDENCE,
)


def _fictitious_case(number: int, centre: Organisation, rng: random.Random, today: date) -> Case:
    nationalities = [rng.choice(NATIONALITIES)]
    eu = nationalities[0] in ("RO", "BG", "BE")
    state = procedure.State.GUIDANCE_ONLY if eu and rng.random() < 0.6 else rng.choice(_STATES)
    since = today - timedelta(days=rng.randint(0, 170))
    snapshot = procedure.ProcedureSnapshot(state=state, since=since)
    document = snapshot.document
    if document is not None:
        ends_on = procedure.DURATIONS[document].ends_on(since)
        snapshot = procedure.ProcedureSnapshot(state=state, since=since, starts_on=since, ends_on=ends_on)
    deadline = procedure.next_deadline(snapshot, today)
    birth = date(rng.randint(1970, 2009), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    given, family = "Demo", f"Person {number}"
    name_hash, identity_hash = identity_hashes(given, family, birth)
    return Case(
        centre=centre,
        given_names=given,
        family_name=family,
        date_of_birth=birth,
        aliases="",
        contact_details="",
        identity_documents="",
        exploitation_place="",
        name_hash=name_hash,
        identity_hash=identity_hash,
        gender=rng.choice(Gender.values),
        nationalities=nationalities,
        languages=[rng.choice(LANGUAGES)],
        forms=[rng.choice(FormOfExploitation.values)],
        sector=rng.choice(Sector.values),
        intake_channel=rng.choice(IntakeChannel.values),
        procedure_state=snapshot.state.value,
        procedure_since=since,
        document_starts_on=snapshot.starts_on,
        document_ends_on=snapshot.ends_on,
        act_by=deadline.act_by if deadline else None,
        age_at_start=age_on(date.fromisoformat(birth), since),
        age_at_registration=age_on(date.fromisoformat(birth), timezone.localdate()),
        demo=True,
    )


def load_fictitious_cases(
    count: int,
    *,
    centres: Sequence[Organisation],
    workers: dict[int, list[User]] | None = None,
    seed: int = 7,
    batch_size: int = BATCH_SIZE,
    start_number: int = 1,
) -> int:
    """Create ``count`` fictitious cases spread over ``centres``; assign them to the centres' workers.

    Each case gets its first procedure step and, past the reflection period, the evidence of the
    three conditions.
    """
    if not centres:
        raise ValueError("at least one centre organisation is needed")
    rng = random.Random(seed)  # noqa: S311 - fictitious data, not security
    today = timezone.localdate()
    workers = workers or {}
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            batch = [
                _fictitious_case(
                    start_number + created + i, centres[(created + i) % len(centres)], rng, today
                )
                for i in range(size)
            ]
            cases = Case.objects.bulk_create(batch, batch_size=batch_size)
            assignments, steps = [], []
            evidence: list[ConditionEvidence] = []
            for case in cases:
                people = workers.get(case.centre_id) or []
                if people:
                    assignments.append(CaseAssignment(case=case, user=people[case.pk % len(people)]))
                state = procedure.State(case.procedure_state)
                if state is not procedure.State.REFERRED:
                    event = {
                        procedure.State.REFLECTION: procedure.Event.START_REFLECTION,
                        procedure.State.FIRST_RESIDENCE: procedure.Event.SKIP_REFLECTION,
                        procedure.State.SECOND_RESIDENCE: procedure.Event.ISSUE_SECOND_RESIDENCE,
                        procedure.State.GUIDANCE_ONLY: procedure.Event.START_GUIDANCE,
                    }[state]
                    steps.append(
                        ProcedureEvent(
                            case=case,
                            event=event.value,
                            from_state=procedure.State.REFERRED.value,
                            to_state=state.value,
                            on=case.procedure_since,
                            starts_on=case.document_starts_on,
                            ends_on=case.document_ends_on,
                        )
                    )
                if state in (procedure.State.FIRST_RESIDENCE, procedure.State.SECOND_RESIDENCE):
                    # The three conditions, as a file with a residence document has them.
                    evidence.extend(
                        ConditionEvidence(case=case, kind=kind.value, recorded_on=case.procedure_since)
                        for kind in procedure.CONDITION_EVIDENCE.values()
                    )
            CaseAssignment.objects.bulk_create(assignments, batch_size=batch_size)
            ProcedureEvent.objects.bulk_create(steps, batch_size=batch_size)
            ConditionEvidence.objects.bulk_create(evidence, batch_size=batch_size)
        created += size
    return created


# --- Demo organisations and accounts, for a fresh installation -----------------------------------

DEMO_EMAIL_DOMAIN = "demo.keten.invalid"  # RFC 2606: never delivered
DEMO_SLUG_PREFIX = "demo-"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    totp_secret: str  # base32, as authenticator apps take it
    organisation: str
    role: str


def is_demo_user(user: User) -> bool:
    return user.email.endswith("@" + DEMO_EMAIL_DOMAIN)


def _demo_people() -> list[tuple[str, str, str]]:
    """(organisation slug, role, first part of the e-mail address) of each demo account."""
    from keten.accounts.reference import PARTNERS, reference_organisations

    people: list[tuple[str, str, str]] = []
    for item in reference_organisations():
        if item.kind == OrganisationKind.CENTRE:
            people += [
                (item.slug, Role.CENTRE_MANAGER, f"manager.{item.slug}"),
                (item.slug, Role.SOCIAL_WORKER, f"worker1.{item.slug}"),
                (item.slug, Role.SOCIAL_WORKER, f"worker2.{item.slug}"),
            ]
    by_kind = {partner.kind: partner.slug for partner in PARTNERS}
    people += [
        (by_kind[OrganisationKind.HOTLINE], Role.HOTLINE_OPERATOR, "operator"),
        (by_kind[OrganisationKind.POLICE], Role.INVESTIGATOR, "investigator"),
        (by_kind[OrganisationKind.PROSECUTION], Role.MAGISTRATE, "magistrate"),
        (by_kind[OrganisationKind.SOCIAL_INSPECTION], Role.INSPECTOR, "inspector"),
        (by_kind[OrganisationKind.RAPPORTEUR], Role.RAPPORTEUR, "rapporteur"),
    ]
    return people


def create_demo_organisations_and_accounts() -> list[DemoAccount]:
    """The reference organisations as demo copies ("PAG-ASA (demo)") and one account per role.

    Passwords and authenticator secrets are random and returned once, to be printed by
    ``keten demo``; the accounts' addresses end in ``@demo.keten.invalid`` so that
    ``keten demo --clear`` finds them again.
    """
    from keten.accounts.devices import EncryptedTOTPDevice
    from keten.accounts.models import Membership
    from keten.accounts.reference import reference_organisations

    organisations = {}
    accounts = []
    with transaction.atomic():
        for item in reference_organisations():
            organisations[item.slug], _created = Organisation.objects.get_or_create(
                slug=DEMO_SLUG_PREFIX + item.slug, defaults={"name": f"{item.name} (demo)", "kind": item.kind}
            )
        for slug, role, local_part in _demo_people():
            email = f"{local_part}@{DEMO_EMAIL_DOMAIN}"
            if User.objects.filter(email=email).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                email=email, password=password, full_name=local_part.replace(".", " ").title()
            )
            Membership.objects.create(user=user, organisation=organisations[slug], role=role)
            device = EncryptedTOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
            secret = base64.b32encode(device.bin_key).decode()
            accounts.append(DemoAccount(email, password, secret, organisations[slug].name, str(role)))
    return accounts


def clear_demo() -> dict[str, int]:
    """Delete the demo cases, then the demo accounts and organisations (deactivated when the audit
    trail still refers to them: the trail is never rewritten)."""
    from keten.intake.models import Report
    from keten.screening.models import Handover, Screening

    cases = Case.objects.filter(demo=True)
    counts = {"cases": cases.count()}
    cases.delete()  # their consents and referrals go with them
    demo_users = User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN)
    Report.objects.filter(recorded_by__in=demo_users).delete()
    demo_screenings = Screening.objects.filter(organisation__slug__startswith=DEMO_SLUG_PREFIX)
    Handover.objects.filter(screening__in=demo_screenings).delete()
    demo_screenings.delete()
    users = User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN)
    organisations = Organisation.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
    for name, queryset in (("accounts", users), ("organisations", organisations)):
        counts[name] = 0
        for row in list(queryset):
            try:
                with transaction.atomic():
                    row.delete()
            except ProtectedError:
                queryset.filter(pk=row.pk).update(is_active=False)
            counts[name] += 1
    return counts


# --- Reports, signals and referrals, so that every page of the demo has something to show ---------

DEMO_REPORT_TEXTS = (
    "Demo report: workers sleep in the back of a car wash and never get a day off.",
    "Demo report: a young woman is driven to different flats every night and never holds her papers.",
    "Demo report: a man begs at the station every day and hands the money to someone waiting nearby.",
)
DEMO_SCREENING_FACTS: dict[str, object] = {
    "person": {"nationality": "NG", "possibly_minor": False},
    "acts": ["recruitment", "harbouring"],
    "purposes": ["labour"],
    "means": ["deception", "abuse_of_vulnerability"],
    "indicators": ["general.documents_taken", "general.large_debt"],
    "location": {"postal_code": "1000"},
}


def load_demo_activity(count: int) -> dict[str, int]:
    """``count`` hotline reports (recorded by the demo operator), and as many screenings handed
    to the demo centres and referrals of demo files to the demo police, each at most 50.

    The notices a referral sends are kept in memory: demo addresses must never reach a mail server.
    """
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _load_demo_activity(count)


def _load_demo_activity(count: int) -> dict[str, int]:
    from keten.accounts.models import Membership
    from keten.intake.models import Channel
    from keten.intake.services import submit_report
    from keten.referrals.services import Source, create_referral, record_consent
    from keten.screening.models import HandoverConsent
    from keten.screening.services import hand_over_screening, save_screening

    def membership(role: str) -> Membership | None:
        return (
            Membership.objects.filter(
                role=role, is_active=True, user__email__endswith="@" + DEMO_EMAIL_DOMAIN
            )
            .select_related("user", "organisation")
            .order_by("pk")
            .first()
        )

    operator = membership(Role.HOTLINE_OPERATOR)
    investigator = membership(Role.INVESTIGATOR)
    manager = membership(Role.CENTRE_MANAGER)
    count = min(count, 50)
    made = {"reports": 0, "screenings": 0, "referrals": 0}
    if operator is not None:
        for number in range(count):
            submit_report(
                content={"what": DEMO_REPORT_TEXTS[number % len(DEMO_REPORT_TEXTS)], "postal_code": "1000"},
                form_of_exploitation=FormOfExploitation.LABOUR,
                channel=Channel.PHONE,
                give_receipt=False,
                recorded_by=operator.user,
                organisation=operator.organisation,
            )
            made["reports"] += 1
    if investigator is not None and manager is not None:
        for _number in range(count):
            screening = save_screening(membership=investigator, facts=DEMO_SCREENING_FACTS)
            hand_over_screening(
                membership=investigator,
                screening=screening,
                to_organisation=manager.organisation,
                consent=HandoverConsent.YES,
            )
            made["screenings"] += 1
        today = timezone.localdate()
        for case in Case.objects.filter(demo=True, centre=manager.organisation).order_by("pk")[:count]:
            record_consent(
                actor=manager.user,
                membership=manager,
                case=case,
                scopes=["situation"],
                recipient_kind="",
                recipient=investigator.organisation,
                given_on=today,
            )
            create_referral(
                actor=manager.user,
                membership=manager,
                source=Source(kind="case", case=case),
                to=investigator.organisation,
                purpose="Demo: please hear the person about the car wash.",
                scopes=["situation"],
            )
            made["referrals"] += 1
    return made
