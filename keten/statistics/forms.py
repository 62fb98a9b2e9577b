from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.cases.choices import FormOfExploitation
from keten.core.ctdc import FIRST_YEAR

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class FilterForm(forms.Form):
    """The filters of the statistics page (GET): years, centre, form of exploitation, demo mode."""

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1990)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1990)
    centre = forms.TypedChoiceField(label=_("Centre"), required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)
    demo = forms.BooleanField(label=_("Show the demo cases instead of the real ones"), required=False)

    def __init__(
        self, *args: Any, centres: dict[int, str], national: bool, demo_present: bool, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if national:
            self.fields["centre"].choices = [("", _("All centres")), *centres.items()]  # type: ignore[attr-defined]
        else:
            del self.fields["centre"]
        self.fields["form"].choices = [("", _("All forms")), *FormOfExploitation.choices]  # type: ignore[attr-defined]
        if not demo_present:
            del self.fields["demo"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("year_from"), data.get("year_to")
        last = timezone.localdate().year
        for name in ("year_from", "year_to"):
            value = data.get(name)
            if value is not None and value > last:
                self.add_error(name, _("Choose a year up to %(year)s.") % {"year": last})
        if low is not None and high is not None and low > high:
            self.add_error("year_to", _("The last year must not come before the first year."))
        return data


class ImportForm(forms.Form):
    name = forms.CharField(label=_("Name of the dataset"), max_length=120)
    file = forms.FileField(
        label=_("CTDC file (CSV, UTF-8)"),
        help_text=_(
            "A file as CTDC publishes it: the Global Synthetic Dataset (27 columns) or the Global "
            "Victim-Perpetrator Synthetic Dataset (16 columns). The first line names the columns."
        ),
    )
    partial = forms.BooleanField(
        label=_("Import the correct rows even if some rows break the format"),
        help_text=_(
            "Without this, one wrong row means nothing is imported. Either way the wrong rows are listed "
            "with the reason."
        ),
        required=False,
        initial=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB. Split it into smaller files."))
        return upload


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
