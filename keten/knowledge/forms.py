from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.core import regions
from keten.core.i18n import render

FOUR_DIGITS = re.compile(r"[0-9]{4}")
FIRST_CODE = regions.POSTAL_RANGES[0].first


class PostalCodeForm(forms.Form):
    postal_code = forms.CharField(
        label=_("Postal code"),
        help_text=_(
            "The postal code of the place where you are, or where the situation happens. For example: 2000."
        ),
        max_length=20,
        error_messages={"required": _("Enter a postal code, for example 1000.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": "6"}),
    )

    def clean_postal_code(self) -> str:
        code: str = regions.normalise_postal_code(self.cleaned_data["postal_code"])
        try:
            regions.postal_range(code)
        except regions.PostalCodeError as error:
            if FOUR_DIGITS.fullmatch(code) and int(code) >= FIRST_CODE:
                # In the series but not in use (9999): say so, not "from 1000 to 9999".
                raise forms.ValidationError(render(error.message, gettext), code="not_in_use") from None
            if FOUR_DIGITS.fullmatch(code):
                raise forms.ValidationError(
                    _("Belgian postal codes go from 1000 to 9999. Check the number and try again."),
                    code="out_of_range",
                ) from None
            raise forms.ValidationError(
                _("A Belgian postal code has four digits, for example 1000."), code="format"
            ) from None
        return code
