"""The report form (public and for phone calls), the code form, and the operators' small forms."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.accounts.models import Organisation
from keten.core import receipts, regions
from keten.core.i18n import render
from keten.core.metadata import UnsafeFileError, clean_upload
from keten.intake import conf
from keten.intake.models import (
    ACKNOWLEDGE_DAYS_MAX,
    ACKNOWLEDGE_DAYS_MIN,
    AccessLevel,
    Channel,
    FormOfExploitation,
    KindOfPlace,
    State,
)
from keten.intake.services import Upload, acknowledge_days_error

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
                clean = clean_upload(item.read())
            except UnsafeFileError:
                errors.append(
                    gettext(
                        "“%(name)s” cannot be accepted. Only photos (JPEG, PNG, WebP) and PDF documents "
                        "that open normally can be sent."
                    )
                    % {"name": name}
                )
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


class ReportForm(forms.Form):
    """What a reporter tells us. Only the first question is required."""

    what = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("Tell it in your own words. Anything can help, even if you are not sure."),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=20000,
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
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )
    municipality = forms.CharField(label=_("Municipality or street"), required=False, max_length=200)
    kind_of_place = forms.ChoiceField(
        label=_("What kind of place is it?"),
        choices=_choices(KindOfPlace.choices, _("I do not know")),
        required=False,
    )
    when = forms.CharField(
        label=_("When did this happen?"),
        help_text=_("A date, or roughly: “last summer”, “every weekend”, “still going on”."),
        required=False,
        max_length=500,
    )
    who = forms.CharField(
        label=_("Who is involved?"),
        help_text=_(
            "You do not need to give names. Describe the people if you can: how many, their age, "
            "how they are treated."
        ),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    form_of_exploitation = forms.ChoiceField(
        label=_("What do you think is happening?"),
        choices=FormOfExploitation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    attachments = AttachmentsField(
        label=_("Photos or documents"),
        help_text=_(
            "Photos (JPEG, PNG, WebP) or PDF documents, at most 5 files of 10 MB each. We remove hidden "
            "information such as the place where a photo was taken before we store them."
        ),
    )
    contact = forms.CharField(
        label=_("How can we reach you?"),
        help_text=_(
            "Leave this empty to stay anonymous. With your receipt code you can read our answers anyway."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attachments = self.fields["attachments"]
        attachments.help_text = gettext(
            "Photos (JPEG, PNG, WebP) or PDF documents, at most %(count)d files of %(limit)d MB each. "
            "We remove hidden information such as the place where a photo was taken before we store them."
        ) % {"count": conf.max_files(), "limit": conf.max_file_bytes() // MEGABYTE}

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return ""
        try:
            regions.postal_range(value)
        except regions.PostalCodeError as error:
            raise forms.ValidationError(render(error.message, gettext)) from error
        return value

    def content(self) -> dict[str, str]:
        data = self.cleaned_data
        return {key: data[key] for key in ("what", "postal_code", "municipality", "when", "who", "contact")}


class PhoneReportForm(ReportForm):
    """The same questions, filled in by an operator during a call."""

    channel = forms.ChoiceField(
        label=_("How did this report reach you?"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.PROFESSIONAL, Channel.PROFESSIONAL.label)],
        initial=Channel.PHONE,
    )
    give_receipt = forms.BooleanField(
        label=_("Give the caller a receipt code, so they can follow up online"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].label = _("What did the caller see or hear?")
        self.fields["contact"].label = _("How can we reach the caller?")
        self.fields["contact"].help_text = _("Only if the caller wants to be contacted.")


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


class ReporterMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Add information or answer us"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        required=False,
    )
    attachments = AttachmentsField(label=_("Photos or documents"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("body") and not data.get("attachments") and not self.errors:
            raise forms.ValidationError(_("Write a message or add a file."))
        return data


# --- Operators ----------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Report number or label"), required=False, max_length=60)
    state = forms.ChoiceField(label=_("State"), choices=_choices(State.choices, _("All")), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_choices(Channel.choices, _("All")), required=False
    )
    form = forms.ChoiceField(
        label=_("Form of exploitation"),
        choices=_choices(FormOfExploitation.choices, _("All")),
        required=False,
    )
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        choices=[("", _("Anyone")), ("me", _("To me")), ("nobody", _("To nobody"))],
        required=False,
    )
    label = forms.CharField(label=_("Label"), required=False, max_length=40)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
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
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).exclude(  # type: ignore[attr-defined]
            kind="hotline"
        )
