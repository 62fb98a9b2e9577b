"""The report form (public and for phone calls), the code form, and the operators' small forms."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from keten.accounts import policy
from keten.accounts.models import Organisation
from keten.core import receipts, regions
from keten.core.i18n import render
from keten.core.metadata import UnsafeFileError
from keten.intake import conf
from keten.intake.models import (
    ACKNOWLEDGE_DAYS_MAX,
    ACKNOWLEDGE_DAYS_MIN,
    OPERATOR_FORM_LABELS,
    AccessLevel,
    Channel,
    FormOfExploitation,
    KindOfPlace,
    State,
)
from keten.intake.services import Upload, acknowledge_days_error
from keten.uploads import clean_file, refusal_message

MEGABYTE = 1024 * 1024
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]+")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once: each is checked by its content and cleaned of metadata."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp,application/pdf"})

    def to_python(self, data: Any) -> list[UploadedFile]:  # type: ignore[override]
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [item for item in files if item]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, data: Any, initial: Any = None) -> list[Upload]:
        files = self.to_python(data)
        self.validate(files)
        limit_mb = conf.max_file_bytes() // MEGABYTE
        errors: list[str] = []
        if len(files) > conf.max_files():
            errors.append(
                gettext("You can send at most %(count)d files at a time.") % {"count": conf.max_files()}
            )
        uploads: list[Upload] = []
        for item in files[: conf.max_files()]:
            name = _safe_name(item.name or "")
            if getattr(item, "too_large", False) or (item.size or 0) > conf.max_file_bytes():
                errors.append(
                    gettext("“%(name)s” is larger than %(limit)d MB. Send a smaller file, or leave it out.")
                    % {"name": name, "limit": limit_mb}
                )
                continue
            try:
                clean = clean_file(item.read())
            except UnsafeFileError as error:
                errors.append(refusal_message(error, name))
                continue
            uploads.append(Upload(file_name=name, clean=clean))
        if errors:
            errors.append(
                gettext(
                    "For your safety, your browser does not keep chosen files after an error: "
                    "please choose the files again. Everything you typed has been kept."
                )
            )
            raise forms.ValidationError(errors)
        return uploads


def _safe_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE_NAME.sub("_", name).strip() or "file"
    return name[-120:]


def _choices(choices: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *choices]


#: Longest texts a reporter may type, announced in each field's hint.
WHAT_MAX = 20000
WHERE_MAX = 200
WHEN_MAX = 500
WHO_MAX = 10000
CONTACT_MAX = 500
MESSAGE_MAX = 20000

# Nothing typed into the report stays in a shared device's form history.
PRIVATE = {"autocomplete": "off"}


def _characters(limit: int) -> str:
    return number_format(limit, force_grouping=True)


def _with_limit(hint: str, limit: int) -> str:
    limit_text = gettext("At most %(limit)s characters.") % {"limit": _characters(limit)}
    return f"{hint} {limit_text}" if hint else limit_text


def _too_long(limit: int, *, reporter: bool = True) -> str:
    """The message for a text over its limit (the limit written as the reader writes numbers)."""
    if reporter:
        text = gettext(
            "This text is too long: it can have at most %(limit)s characters. Please shorten it. "
            "You can add more later with your receipt code."
        )
    else:
        text = gettext("This text is too long: it can have at most %(limit)s characters. Please shorten it.")
    return text % {"limit": _characters(limit)}


class FilesChosenAgainMixin:
    """After an error elsewhere in the form, say next to the file field that files must be chosen again.

    A browser never sends chosen files back with the page that shows an error, so without this the
    files would be silently lost.
    """

    def _files_must_be_chosen_again(self) -> None:
        form: Any = self
        chosen = [item for item in form.files.getlist("attachments") if item] if form.files else []
        if not chosen or not form.errors or "attachments" in form.errors:
            return
        form.add_error(
            "attachments",
            ngettext(
                "You chose %(count)d file, but your browser cannot keep it after a mistake elsewhere in "
                "the form: please choose it again before you send. Everything you typed has been kept.",
                "You chose %(count)d files, but your browser cannot keep them after a mistake elsewhere "
                "in the form: please choose them again before you send. Everything you typed has been "
                "kept.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )


class ReportForm(FilesChosenAgainMixin, forms.Form):
    """What a reporter tells us. Only the first question is required.

    Each field has its own plain message for each mistake, so the list of problems at the top of
    the page reads well without repeating the question.
    """

    errors_name_their_field = True
    for_reporter = True

    what = forms.CharField(
        label=_("What did you see or hear?"),
        widget=forms.Textarea(attrs={"rows": 7, **PRIVATE}),
        max_length=WHAT_MAX,
    )
    immediate_danger = forms.BooleanField(
        label=_("Someone is in danger right now"),
        required=False,
    )
    postal_code = forms.CharField(
        label=_("Postal code of the place"),
        help_text=_("Four digits, for example 1000. Leave it empty if you do not know it."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, **PRIVATE}),
    )
    municipality = forms.CharField(
        label=_("Municipality or street"),
        required=False,
        max_length=WHERE_MAX,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    kind_of_place = forms.ChoiceField(
        label=_("What kind of place is it?"),
        choices=_choices(KindOfPlace.choices, _("I do not know")),
        required=False,
    )
    when = forms.CharField(
        label=_("When did this happen?"),
        required=False,
        max_length=WHEN_MAX,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    who = forms.CharField(
        label=_("Who is involved?"),
        required=False,
        max_length=WHO_MAX,
        widget=forms.Textarea(attrs={"rows": 4, **PRIVATE}),
    )
    form_of_exploitation = forms.ChoiceField(
        label=_("What do you think is happening?"),
        choices=FormOfExploitation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    attachments = AttachmentsField(label=_("Photos or documents"))
    contact = forms.CharField(
        label=_("How can we reach you?"),
        required=False,
        max_length=CONTACT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, **PRIVATE}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.word_fields()

    def word_fields(self) -> None:
        """Hints and messages in the reporter's words (the phone form words them for the operator)."""
        fields = self.fields
        fields["what"].help_text = _with_limit(
            gettext("Tell it in your own words. Anything can help, even if you are not sure."), WHAT_MAX
        )
        fields["what"].error_messages["required"] = gettext("Please tell us what you saw or heard.")
        fields["municipality"].help_text = _with_limit("", WHERE_MAX)
        fields["when"].help_text = _with_limit(
            gettext("A date, or roughly: “last summer”, “every weekend”, “still going on”."), WHEN_MAX
        )
        fields["who"].help_text = _with_limit(
            gettext(
                "You do not need to give names. Describe the people if you can: how many, their age, "
                "how they are treated."
            ),
            WHO_MAX,
        )
        fields["contact"].help_text = _with_limit(
            gettext(
                "Leave this empty to stay anonymous. With your receipt code you can read our answers anyway."
            ),
            CONTACT_MAX,
        )
        fields["attachments"].help_text = gettext(
            "Photos (JPEG, PNG, WebP) or PDF documents, at most %(count)d files of %(limit)d MB each. "
            "We remove hidden information such as the place where a photo was taken before we store them."
        ) % {"count": conf.max_files(), "limit": conf.max_file_bytes() // MEGABYTE}
        limits = {"what": WHAT_MAX, "municipality": WHERE_MAX, "when": WHEN_MAX, "who": WHO_MAX}
        for name, limit in {**limits, "contact": CONTACT_MAX}.items():
            fields[name].error_messages["max_length"] = _too_long(limit, reporter=self.for_reporter)
        fields["postal_code"].error_messages["max_length"] = gettext(
            "A Belgian postal code has four digits, for example 1000."
        )
        fields["kind_of_place"].error_messages["invalid_choice"] = gettext(
            "Please choose a place from the list."
        )
        fields["form_of_exploitation"].error_messages["invalid_choice"] = gettext(
            "Please choose one of the answers in the list."
        )

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return ""
        try:
            regions.postal_range(value)
        except regions.PostalCodeError as error:
            raise forms.ValidationError(render(error.message, gettext)) from error
        return regions.normalise_postal_code(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._files_must_be_chosen_again()
        return data

    def content(self) -> dict[str, str]:
        data = self.cleaned_data
        return {key: data[key] for key in ("what", "postal_code", "municipality", "when", "who", "contact")}


class PhoneReportForm(ReportForm):
    """The same questions, filled in by an operator during a call."""

    for_reporter = False

    channel = forms.ChoiceField(
        label=_("How did this report reach you?"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.PROFESSIONAL, Channel.PROFESSIONAL.label)],
        initial=Channel.PHONE,
    )
    give_receipt = forms.BooleanField(
        label=_("Give the caller a receipt code, so they can follow up online"),
        required=False,
    )

    def word_fields(self) -> None:
        """The same questions, in the words of an operator taking notes during a call."""
        super().word_fields()
        fields = self.fields
        fields["what"].label = _("What the caller said")
        fields["what"].help_text = _with_limit(
            gettext("What the caller saw or heard, as close to their own words as you can."), WHAT_MAX
        )
        fields["what"].error_messages["required"] = gettext("Write down what the caller said.")
        fields["immediate_danger"].label = _("The caller says someone is in danger right now")
        fields["when"].label = _("When it happened, according to the caller")
        fields["when"].help_text = _with_limit(
            gettext("A date, or roughly, as the caller said it."), WHEN_MAX
        )
        fields["who"].label = _("Who is involved, according to the caller")
        fields["who"].help_text = _with_limit(
            gettext(
                "Names only if the caller gave them and they are needed; otherwise how many, age, treatment."
            ),
            WHO_MAX,
        )
        fields["form_of_exploitation"].label = _("What the caller thinks is happening")
        fields["attachments"].help_text = gettext(
            "Photos or PDF documents the caller sent, at most %(count)d files of %(limit)d MB each. "
            "Hidden information is removed before they are stored."
        ) % {"count": conf.max_files(), "limit": conf.max_file_bytes() // MEGABYTE}
        fields["contact"].label = _("How can we reach the caller?")
        fields["contact"].help_text = _with_limit(
            gettext("Only if the caller wants to be contacted."), CONTACT_MAX
        )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("16 letters and digits, for example 7KQ2-9XRA-M3TD-HP4W."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = receipts.normalise_receipt_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A receipt code has 16 letters and digits, in four groups of four. Please check it.")
            )
        return code


class ReporterMessageForm(FilesChosenAgainMixin, forms.Form):
    errors_name_their_field = True

    body = forms.CharField(
        label=_("Add information or answer us"),
        widget=forms.Textarea(attrs={"rows": 6, **PRIVATE}),
        max_length=MESSAGE_MAX,
        required=False,
    )
    attachments = AttachmentsField(label=_("Photos or documents"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _with_limit("", MESSAGE_MAX)
        self.fields["body"].error_messages["max_length"] = _too_long(MESSAGE_MAX)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._files_must_be_chosen_again()
        if not data.get("body") and not data.get("attachments") and not self.errors:
            raise forms.ValidationError(_("Write a message or add a file."))
        return data


# --- Operators ----------------------------------------------------------------------------


ANY = pgettext_lazy("any value of a filter", "All")

#: The columns the inbox may be sorted by; "priority" (danger, then the answer due, then age) is
#: the default. A minus in front sorts the other way round.
SORT_KEYS = ("priority", "number", "received", "acknowledge", "state", "assigned")


class InboxFilterForm(forms.Form):
    """The inbox's filters, in the operators' words (reporters never see this form)."""

    q = forms.CharField(label=_("Report number or label"), required=False, max_length=60)
    danger = forms.BooleanField(label=_("Only reports saying someone is in danger now"), required=False)
    due = forms.ChoiceField(
        label=_("First answer"),
        choices=[
            ("", ANY),
            ("overdue", _("Overdue")),
            ("soon", _("Due within two days")),
            ("waiting", _("Not answered yet")),
        ],
        required=False,
    )
    state = forms.ChoiceField(label=_("State"), choices=_choices(State.choices, ANY), required=False)
    channel = forms.ChoiceField(label=_("Came in by"), choices=_choices(Channel.choices, ANY), required=False)
    form = forms.ChoiceField(
        label=_("Exploitation"),
        choices=[("", ANY), *((key.value, label) for key, label in OPERATOR_FORM_LABELS.items())],
        required=False,
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        choices=[("", _("Anyone")), ("me", _("Me")), ("nobody", _("Nobody yet"))],
        required=False,
    )
    label = forms.CharField(label=_("Label"), required=False, max_length=40)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for name in SORT_KEYS for key in (name, f"-{name}")],
        required=False,
        widget=forms.HiddenInput,
    )

    def active(self) -> bool:
        """Whether any filter (not the sorting) narrows the list."""
        if not self.is_valid():
            return False
        return any(value for key, value in self.cleaned_data.items() if key != "sort")

    def as_query(self) -> str:
        """The valid values as a query string (what a saved filter keeps)."""
        if not self.is_valid():
            return ""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for key, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            query[key] = (
                "1" if value is True else (value.isoformat() if hasattr(value, "isoformat") else value)
            )
        return query.urlencode()


class ReportNumbersField(forms.Field):
    """The numbers of the reports ticked in the list (checkboxes named alike)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        numbers = []
        for item in values:
            text = str(item).strip().lstrip("#")
            if not (text.isascii() and text.isdigit()):
                raise forms.ValidationError(gettext("There is no report with that number."))
            numbers.append(int(text))
        return list(dict.fromkeys(numbers))


class BulkForm(forms.Form):
    """One change for the reports ticked in the list: an assignment, a state, or both."""

    reports = ReportNumbersField(label=_("Reports"))
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    to_state = forms.ChoiceField(label=_("Move to"), required=False)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], states: tuple[str, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        keep = pgettext_lazy("leave a value as it is", "No change")
        self.fields["assignee"].choices = [("", keep), ("nobody", gettext("Nobody")), *people]  # type: ignore[attr-defined]
        self.fields["to_state"].choices = [  # type: ignore[attr-defined]
            ("", keep),
            *((value, label) for value, label in State.choices if value in states),
        ]
        self.fields["reports"].error_messages["required"] = _("Tick at least one report in the list.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("assignee") and not data.get("to_state"):
            raise forms.ValidationError(_("Choose what to change: an assignment, a state or both."))
        return data


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of this filter"), max_length=60)


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    body = forms.CharField(
        label=_("Text"),
        help_text=_("Write plainly and kindly: reporters may be afraid. Never name a person or a place."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )


class StateForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=State.choices)
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of report number"),
        help_text=_("Only when you mark this report as a duplicate."),
        required=False,
        min_value=1,
    )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", gettext("Nobody")), *people]  # type: ignore[attr-defined]


class LabelsForm(forms.Form):
    labels = forms.CharField(
        label=_("Labels"),
        help_text=_("Separate labels with commas."),
        required=False,
        max_length=400,
    )

    def label_names(self) -> list[str]:
        return [name for name in self.cleaned_data["labels"].split(",") if name.strip()]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        help_text=_("Only people with access to the inbox read this; the reporter never does."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        help_text=_("The reporter reads this with their receipt code. Write plainly and kindly."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )


class LinkForm(forms.Form):
    other = forms.IntegerField(label=_("Report number"), min_value=1)


class InboxSettingsForm(forms.Form):
    acknowledge_days = forms.IntegerField(
        label=_("Acknowledge new reports within (days)"),
        help_text=_(
            "How many days the hotline gives itself to send a new reporter a first message. Reporters "
            "are told this period when they send a report. Reports already received keep their due date."
        ),
        min_value=ACKNOWLEDGE_DAYS_MIN,
        max_value=ACKNOWLEDGE_DAYS_MAX,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One message for every way of getting it wrong, in the language of the request.
        error = acknowledge_days_error()
        self.fields["acknowledge_days"].error_messages.update(
            {"required": error, "invalid": error, "min_value": error, "max_value": error}
        )


class GrantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    level = forms.ChoiceField(label=_("Access"), choices=AccessLevel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only chain partners (keten.accounts.policy.INBOX_PARTNER_KINDS) can be chosen.
        self.fields["organisation"].queryset = policy.inbox_grantable_organisations()  # type: ignore[attr-defined]
