"""Confidential reports: what a reporter or a caller told the hotline, and the conversation after.

What is stored in clear, and why: the channel, the state, the form of exploitation the reporter
chose, the province and region (derived from the postal code), the kind of place, whether someone
was said to be in immediate danger, and dates (never times) for what the reporter did. Operators
filter and sort on these; each is coarse enough not to point at a person or a house. Everything the
reporter wrote (including the exact postal code and municipality) is encrypted at rest. No IP
address, user agent or exact submission time is ever stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keten.encryption import EncryptedJSONField, EncryptedTextField


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    PHONE = "phone", _("Phone call")
    PROFESSIONAL = "professional", _("From a professional")


class State(models.TextChoices):
    NEW = "new", _("New")
    IN_TRIAGE = "in_triage", _("In triage")
    WAITING_FOR_REPORTER = "waiting_for_reporter", _("Waiting for the reporter")
    REFERRED = "referred", _("Referred")
    CLOSED_WITHOUT_ACTION = "closed_without_action", _("Closed without action")
    DUPLICATE = "duplicate", _("Duplicate")


#: States in which a report is finished; the retention period runs from the day it got there.
CLOSED_STATES = frozenset({State.REFERRED, State.CLOSED_WITHOUT_ACTION, State.DUPLICATE})


class FormOfExploitation(models.TextChoices):
    # The five purposes of art. 433quinquies §1 of the Criminal Code, in plain words.
    SEXUAL = "sexual", _("Forced to sell sex or to do sexual things")
    LABOUR = "labour", _("Forced to work in very bad conditions, for little or no pay")
    BEGGING = "begging", _("Forced to beg and hand over the money")
    FORCED_CRIME = "forced_crime", _("Forced to commit crimes, such as carrying drugs or stealing")
    ORGAN_REMOVAL = "organ_removal", _("Pushed to give up an organ")
    UNSURE = "unsure", _("I am not sure")


#: The same forms in the words operators use (the filters and the list; reporters see the plain ones).
OPERATOR_FORM_LABELS = {
    FormOfExploitation.SEXUAL: _("Sexual exploitation"),
    FormOfExploitation.LABOUR: _("Labour exploitation"),
    FormOfExploitation.BEGGING: _("Forced begging"),
    FormOfExploitation.FORCED_CRIME: _("Forced criminality"),
    FormOfExploitation.ORGAN_REMOVAL: _("Organ removal"),
    FormOfExploitation.UNSURE: _("Form unclear"),
}


class KindOfPlace(models.TextChoices):
    HOME = "home", _("A private home")
    WORKPLACE = "workplace", _("A workplace: building site, factory, warehouse, farm")
    HOSPITALITY = "hospitality", _("A restaurant, bar, hotel or café")
    SHOP = "shop", _("A shop, salon, car wash or market")
    SEX_WORK = "sex_work", _("A bar, window, massage parlour or flat used for sex work")
    STREET = "street", _("The street or a public place")
    ONLINE = "online", _("Online: a website, an app, social media")
    OTHER = "other", _("Somewhere else")


class Region(models.TextChoices):
    FLEMISH = "flemish", _("Flemish Region")
    BRUSSELS = "brussels", _("Brussels-Capital Region")
    WALLOON = "walloon", _("Walloon Region")


class Label(models.Model):
    """A word the operators use to group reports (a sector, a campaign, a partner)."""

    name = models.CharField(_("label"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.exclude(state__in=CLOSED_STATES)

    def unacknowledged(self) -> ReportQuerySet:
        return self.filter(acknowledged_on__isnull=True, receipt_hash__isnull=False).open()

    def acknowledgement_overdue(self, today: date) -> ReportQuerySet:
        return self.unacknowledged().filter(acknowledge_by__lt=today)

    def acknowledgement_due_soon(self, today: date, *, days: int = 2) -> ReportQuerySet:
        """Unanswered reports whose first answer is due today or within ``days`` days."""
        return self.unacknowledged().filter(
            acknowledge_by__gte=today, acknowledge_by__lte=today + timedelta(days=days)
        )

    def waiting_counts(self) -> dict[str, int]:
        """In one query: new reports, and new reports saying someone is in danger now."""
        new = models.Q(state=State.NEW)
        return self.aggregate(
            new=models.Count("pk", filter=new),
            danger=models.Count("pk", filter=new & models.Q(immediate_danger=True)),
        )

    def with_new_reporter_message(self) -> ReportQuerySet:
        return self.filter(has_new_reporter_message=True)

    def purgeable(self, cutoff: date) -> ReportQuerySet:
        """Closed reports whose retention period ended on or before ``cutoff``."""
        return self.filter(state__in=CLOSED_STATES, closed_on__lte=cutoff)


class Report(models.Model):
    """One report: made online, taken by phone, or handed over by a professional."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    state = models.CharField(_("state"), max_length=32, choices=State.choices, default=State.NEW)
    # Plain, for filtering: coarse on purpose (see the module docstring).
    form_of_exploitation = models.CharField(
        _("form of exploitation"), max_length=16, choices=FormOfExploitation.choices, blank=True
    )
    kind_of_place = models.CharField(
        _("kind of place"), max_length=16, choices=KindOfPlace.choices, blank=True
    )
    province = models.CharField(_("province"), max_length=32, blank=True)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    immediate_danger = models.BooleanField(_("someone in immediate danger"), default=False)
    language = models.CharField(_("language of the reporter"), max_length=8, blank=True)
    # What the reporter wrote: what, where (postal code, municipality), when, who, contact details.
    content = EncryptedJSONField(_("content"))
    received_on = models.DateField(_("received on"))
    acknowledge_by = models.DateField(_("acknowledge by"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("assigned to"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_reports",
        verbose_name=_("recorded by"),
    )
    labels = models.ManyToManyField(Label, blank=True, related_name="reports", verbose_name=_("labels"))
    linked = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("linked reports"))
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    # Set when the reporter adds information; cleared when someone who works in the inbox opens the
    # report. Says nothing the message's own date does not already say.
    has_new_reporter_message = models.BooleanField(_("new message from the reporter"), default=False)
    # The keyed hash of the receipt code (``keten.core.receipts``); never the code itself.
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # The keyed hash of the form's one-time token (``keten.intake.once``): the same form sent twice
    # stores one report. Random; says nothing about the reporter.
    submission = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["state", "received_on"])]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def number(self) -> str:
        return f"{self.pk:05d}"

    @property
    def duplicate_of_number(self) -> str:
        """The number of the report this one repeats ("" if none), without fetching that report."""
        return f"{self.duplicate_of_id:05d}" if self.duplicate_of_id else ""

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def acknowledgement_days(self) -> int:
        """The period the report got when it came in: the hotline's promise to this reporter."""
        return (self.acknowledge_by - self.received_on).days

    def field(self, key: str) -> Any:
        return (self.content or {}).get(key, "")


class Author(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    OPERATOR = "operator", _("Hotline")


class ReportMessage(models.Model):
    """One message in the conversation between the reporter and the hotline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=Author.choices)
    # Only for operators' messages: who wrote it and when. A reporter's message keeps its date only.
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    body = EncryptedTextField()
    # The keyed hash of the reporter's form token (``keten.intake.once``); None for operators.
    submission = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk} on report {self.report_id}"


class ReportAttachment(models.Model):
    """A file the reporter sent, cleaned of metadata and stored encrypted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file_name = EncryptedTextField()
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    received_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"file {self.pk} of report {self.report_id}"


class ReportNote(models.Model):
    """An internal note of the operators, never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField()
    body = EncryptedTextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"note {self.pk} on report {self.report_id}"


class StateChange(models.Model):
    """One move of a report's state, kept with the report (the audit trail keeps it too)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=32, choices=State.choices)
    to_state = models.CharField(max_length=32, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class AccessLevel(models.TextChoices):
    READ = "read", _("Read reports and add internal notes")
    WORK = "work", _("Everything a hotline operator does")


class InboxAccess(models.Model):
    """An administrator's grant: the members of an organisation other than the hotline may use the inbox."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="inbox_access"
    )
    level = models.CharField(_("access"), max_length=8, choices=AccessLevel.choices, default=AccessLevel.READ)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    granted_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.level}"


#: The acknowledgement periods the hotline may choose, in days (the default is ``conf.acknowledge_days``).
ACKNOWLEDGE_DAYS_MIN = 1
ACKNOWLEDGE_DAYS_MAX = 60


class InboxSettings(models.Model):
    """What the hotline sets for its own inbox: at most one row (primary key 1) per installation.

    The installation has one hotline and one inbox. Without the row, the default from the
    configuration applies (``KETEN_INTAKE_ACKNOWLEDGE_DAYS``, 7 days unless set).
    """

    SINGLE_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLE_PK, editable=False)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge new reports within (days)"),
        validators=[MinValueValidator(ACKNOWLEDGE_DAYS_MIN), MaxValueValidator(ACKNOWLEDGE_DAYS_MAX)],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("inbox settings")
        verbose_name_plural = _("inbox settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="intake_inbox_settings_single_row"),
            models.CheckConstraint(
                condition=models.Q(
                    acknowledge_days__gte=ACKNOWLEDGE_DAYS_MIN, acknowledge_days__lte=ACKNOWLEDGE_DAYS_MAX
                ),
                name="intake_inbox_settings_acknowledge_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"acknowledge within {self.acknowledge_days} days"


class AttemptKey(models.Model):
    """Today's secret for hashing client addresses when counting wrong receipt codes.

    One random key per day, shared by every worker and server through the database; keys of
    earlier days are deleted as soon as a new day starts, so yesterday's counts can no longer be
    linked to any address (``keten.intake.throttle``).
    """

    day = models.DateField(unique=True)
    key = models.BinaryField()

    def __str__(self) -> str:
        return f"attempt key of {self.day}"


class CodeAttempts(models.Model):
    """Wrong receipt codes of one client (a keyed hash, never the address) in one hour of one day."""

    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    client = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "hour", "client"], name="intake_code_attempts_unique")
        ]

    def __str__(self) -> str:
        return f"{self.failures} wrong codes"


class SavedFilter(models.Model):
    """One operator's named filter of the inbox. Only its owner sees, uses or deletes it.

    ``query`` holds the filter's values as a query string, re-checked by the filter form when used.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(max_length=500)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="intake_saved_filter_unique")]

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(models.Model):
    """A first answer or a frequent reply, in one language; operators pick one to fill the reply.

    Managed by the hotline's administrators (``keten.intake.access.may_manage_reply_templates``).
    Holds no personal data: the same words go to many reporters.
    """

    title = models.CharField(_("title"), max_length=80)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("text"), max_length=5000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["language", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "title"], name="intake_reply_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class OnDuty(models.Model):
    """An operator who said they are on duty: danger alerts go to them by e-mail.

    When nobody is on duty, every hotline operator is alerted, so an alert is never lost.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"on duty since {self.since:%Y-%m-%d %H:%M}"
