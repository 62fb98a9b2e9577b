"""The trainer's group form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from keten.training.library import library
from keten.training.services import trainees_of


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=120)
    members = forms.TypedMultipleChoiceField(
        label=_("Who is in the group"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    cases = forms.MultipleChoiceField(
        label=_("Practice cases for the group"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        cases = self.fields["cases"]
        assert isinstance(members, forms.TypedMultipleChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(cases, forms.MultipleChoiceField)  # noqa: S101
        members.choices = [
            (user.pk, f"{user.full_name} ({user.email})") for user in trainees_of(organisation_id)
        ]
        language = get_language()
        cases.choices = [(case.id, case.title_in(language)) for case in library()]
