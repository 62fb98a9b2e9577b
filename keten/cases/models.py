"""The case file of one victim guided by one centre, and everything recorded on it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.roles import OrganisationKind, Role
from keten.cases.choices import (
    ContactRole,
    FormOfExploitation,
    Gender,
    GuidanceDomain,
    IntakeChannel,
    LinkKind,
    MethodOfControl,
    Sector,
    SexualExploitationType,
)
from keten.core import procedure
from keten.core.dates import is_minor_on
from keten.core.law import EU_MEMBER_STATES
from keten.encryption import EncryptedTextField

if TYPE_CHECKING:
    from keten.accounts.models import User


def _choices(enum: Any, labels: dict[Any, str]) -> list[tuple[str, Any]]:
    # The labels in keten.core are only marked for translation; translate them lazily, when
    # a form or page is rendered in the reader's language (not once, at import).
    return [(member.value, _(labels[member]) if member in labels else member.value) for member in enum]


PROCEDURE_STATES = _choices(procedure.State, procedure.STATE_LABELS)
PROCEDURE_EVENTS = _choices(procedure.Event, procedure.EVENT_LABELS)
RESIDENCE_DOCUMENTS = _choices(procedure.Document, procedure.DOCUMENT_LABELS)
EVIDENCE_KINDS = [
    (procedure.EvidenceKind.STATEMENTS.value, _("Statements or complaint")),
    (procedure.EvidenceKind.GUIDANCE_AGREEMENT.value, _("Guidance agreement")),
    (procedure.EvidenceKind.NO_CONTACT_UNDERTAKING.value, _("Undertaking to have no contact")),
    (procedure.EvidenceKind.CONVICTION.value, _("Conviction for trafficking or aggravated smuggling")),
    (
        procedure.EvidenceKind.TRAFFICKING_CHARGE_RETAINED.value,
        _("Trafficking or aggravated smuggling charge retained"),
    ),
]
OPINIONS = [
    (procedure.Opinion.POSITIVE.value, _("Positive: the person is considered a victim")),
    (procedure.Opinion.NEGATIVE.value, _("Negative")),
]


def _labels(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    """The labels of the recorded values (a value no longer known stays as it is).

    Looks up only the recorded members: building the whole ``choices`` list per call cost more.
    """
    labels = []
    for value in values:
        try:
            labels.append(str(choices(value).label))
        except ValueError:
            labels.append(str(value))
    return labels


class Record(models.Model):
    """Something recorded on a case."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> CaseQuerySet:
        """The cases ``user`` may open: the whole caseload of the centres they manage, and
        the cases they are assigned to in the centres where they are social workers."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        managed: list[int] = []
        worked: list[int] = []
        for membership in user.active_membership_list():
            if membership.organisation.kind != OrganisationKind.CENTRE:
                continue
            if membership.role == Role.CENTRE_MANAGER:
                managed.append(membership.organisation_id)
            elif membership.role == Role.SOCIAL_WORKER:
                worked.append(membership.organisation_id)
        condition = Q(centre_id__in=managed)
        if worked:
            condition |= Q(
                centre_id__in=worked,
                pk__in=CaseAssignment.objects.filter(user=user).values("case_id"),
            )
        if not managed and not worked:
            return self.none()
        return self.filter(condition)

    def open(self) -> CaseQuerySet:
        return self.filter(state=Case.FileState.OPEN)

    def needing_action(self, until: date) -> CaseQuerySet:
        """Open cases whose current document must be acted on by ``until`` (or is overdue)."""
        return self.open().filter(act_by__isnull=False, act_by__lte=until)


#: The fields that say where a file stands in the protection procedure and when it must act:
#: what lists and deadlines read, and what a procedure step writes.
PROCEDURE_FIELDS = (
    "procedure_state",
    "procedure_since",
    "document_starts_on",
    "document_ends_on",
    "prolongations",
    "act_by",
)


class Case(models.Model):
    class FileState(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    centre = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"kind": OrganisationKind.CENTRE},
        verbose_name=_("centre"),
    )
    # Identity: encrypted at rest, never searched; duplicates are found with the hashes below.
    given_names = EncryptedTextField(_("given names"), default="")
    family_name = EncryptedTextField(_("family name"), default="")
    aliases = EncryptedTextField(_("other names used"), default="", blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), default="", blank=True)
    contact_details = EncryptedTextField(_("contact details"), default="", blank=True)
    identity_documents = EncryptedTextField(_("identity document numbers"), default="", blank=True)
    name_hash = models.CharField(max_length=64, db_index=True, default="", editable=False)
    identity_hash = models.CharField(max_length=64, db_index=True, default="", editable=False)

    gender = models.CharField(_("gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)
    # HTCDS vic_TypeOfSexExploitation and vic_MethodsOfControl values (choices.SexualExploitationType,
    # choices.MethodOfControl), so that exports carry them without a second list.
    sexual_exploitation_types = models.JSONField(_("types of sexual exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    exploitation_place = EncryptedTextField(_("place of exploitation"), default="", blank=True)
    # An unaccompanied foreign minor receives a 3-month document at once instead of the 45-day
    # reflection document (Myria; REFERENCE §11; keten.core.procedure).
    unaccompanied = models.BooleanField(
        _("a child in Belgium without a parent or legal guardian"), default=False, blank=True
    )
    exploitation_started_on = models.DateField(_("exploitation started on"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploitation ended on"), null=True, blank=True)
    # Age in whole years when the exploitation started (else when the file was opened): kept in
    # clear, unlike the date of birth, so that figures count minors without decrypting anything.
    age_at_start = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Age in whole years on the day the file was opened (the CTDC's ``ageBroad``: age at registration).
    age_at_registration = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    intake_channel = models.CharField(
        _("how the person came in"), max_length=32, choices=IntakeChannel.choices
    )
    report_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    state = models.CharField(max_length=8, choices=FileState.choices, default=FileState.OPEN)
    closed_on = models.DateField(null=True, blank=True)

    # Where the protection procedure stands (a snapshot of keten.core.procedure).
    procedure_state = models.CharField(
        max_length=32, choices=PROCEDURE_STATES, default=procedure.State.REFERRED
    )
    procedure_since = models.DateField()
    document_starts_on = models.DateField(null=True, blank=True)
    document_ends_on = models.DateField(null=True, blank=True)
    prolongations = models.PositiveSmallIntegerField(default=0)
    # The day by which the centre should act on the current document (None: nothing to do).
    act_by = models.DateField(null=True, blank=True)

    workers: models.ManyToManyField[User, CaseAssignment] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseAssignment", related_name="assigned_cases", blank=True
    )
    linked_cases: models.ManyToManyField[Case, CaseLink] = models.ManyToManyField(
        "self", through="CaseLink", symmetrical=False, related_name="linked_from", blank=True
    )

    # The chain phases recorded on the case, one bit each (knowledge.reference.CHAIN_PHASE_BITS):
    # kept up to date by referrals.ChainPhase.save so that statistics count them in one scan.
    phases_reached = models.PositiveIntegerField(default=0, editable=False)
    demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    objects: ClassVar[CaseQuerySet] = CaseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["centre", "state", "-id"], name="case_centre_state"),
            models.Index(fields=["centre", "state", "act_by"], name="case_centre_deadline"),
            models.Index(fields=["state", "closed_on"], name="case_closed_on"),
            models.Index(fields=["demo"], name="case_demo", condition=Q(demo=True)),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def reference(self) -> str:
        return f"#{self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def birth_date(self) -> date | None:
        try:
            return date.fromisoformat(self.date_of_birth) if self.date_of_birth else None
        except ValueError:
            return None

    def is_minor_on(self, day: date) -> bool | None:
        birth = self.birth_date
        if birth is None or day < birth:
            return None
        return is_minor_on(birth, day)

    @property
    def minor_today(self) -> bool | None:
        return self.is_minor_on(timezone.localdate())

    @property
    def minor_at_start(self) -> bool | None:
        if self.exploitation_started_on is None:
            return None
        return self.is_minor_on(self.exploitation_started_on)

    @property
    def eu_or_belgian(self) -> bool:
        return any(code in EU_MEMBER_STATES for code in self.nationalities)

    @property
    def form_labels(self) -> list[str]:
        return _labels(FormOfExploitation, self.forms)

    @property
    def sexual_exploitation_labels(self) -> list[str]:
        return _labels(SexualExploitationType, self.sexual_exploitation_types)

    @property
    def means_of_control_labels(self) -> list[str]:
        return _labels(MethodOfControl, self.means_of_control)

    @property
    def is_open(self) -> bool:
        return self.state == self.FileState.OPEN

    def unaccompanied_minor_on(self, day: date) -> bool:
        """A minor on ``day`` recorded as being in Belgium without a parent or legal guardian."""
        return bool(self.unaccompanied and self.is_minor_on(day))

    def snapshot(self) -> procedure.ProcedureSnapshot:
        return procedure.ProcedureSnapshot(
            state=procedure.State(self.procedure_state),
            since=self.procedure_since,
            starts_on=self.document_starts_on,
            ends_on=self.document_ends_on,
            prolongations=self.prolongations,
        )

    def deadline(self, today: date | None = None) -> procedure.Deadline | None:
        if not self.is_open:
            return None
        return procedure.next_deadline(self.snapshot(), today or timezone.localdate())


class CaseAssignment(Record):
    """A social worker of the centre who works on the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="unique_case_assignment")]


class CaseLink(Record):
    """Another person's case linked to this one (a child, a co-victim): each has its own file."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("link"), max_length=16, choices=LinkKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_case", "to_case"], name="unique_case_link")]


class KeyContact(Record):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("role"), max_length=16, choices=ContactRole.choices)
    name = EncryptedTextField(_("name"), default="")
    details = EncryptedTextField(_("how to reach them"), default="", blank=True)


class ProcedureEvent(Record):
    """One recorded step of the protection procedure. Append-only: never edited or deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="procedure_events")
    event = models.CharField(max_length=32, choices=PROCEDURE_EVENTS)
    from_state = models.CharField(max_length=32, choices=PROCEDURE_STATES)
    to_state = models.CharField(max_length=32, choices=PROCEDURE_STATES)
    on = models.DateField()
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    reason = EncryptedTextField(default="", blank=True)
    document_reference = EncryptedTextField(default="", blank=True)
    flags = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["case", "on"], name="procedure_event_case")]


class ResidenceDocument(Record):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="residence_documents")
    kind = models.CharField(max_length=40, choices=RESIDENCE_DOCUMENTS)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_on", "pk"]


class ConditionEvidence(Record):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("evidence"), max_length=40, choices=EVIDENCE_KINDS)
    recorded_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_on", "pk"]


class MagistrateOpinion(Record):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    opinion = models.CharField(_("opinion"), max_length=16, choices=OPINIONS)
    given_on = models.DateField(_("given on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_on", "pk"]


class GuidancePlan(Record):
    """The goals agreed with the person in one domain of guidance."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    domain = models.CharField(_("domain"), max_length=32, choices=GuidanceDomain.choices)
    goals = EncryptedTextField(_("goals"), default="")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "domain"], name="unique_plan_domain")]


class GuidanceActivity(Record):
    """Something done with or for the person, or an appointment to come."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        APPOINTMENT = "appointment", _("Appointment")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    domain = models.CharField(_("domain"), max_length=32, choices=GuidanceDomain.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ACTIVITY)
    happens_at = models.DateTimeField(_("date and time"))
    summary = EncryptedTextField(_("what"), default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happens_at", "pk"]
        indexes = [models.Index(fields=["case", "happens_at"], name="activity_case")]


class Note(Record):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="note_case")]


class Document(Record):
    """A file kept encrypted in the file store; only its storage name is in the database."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = EncryptedTextField(_("title"), default="")
    stored_as = models.CharField(max_length=100, editable=False)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class CalendarToken(Record):
    """A revocable secret giving access to one worker's deadline calendar (no names in it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)


class ReminderSent(Record):
    """One reminder e-mail per worker per day, so that running the job twice sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="unique_reminder_day")]
