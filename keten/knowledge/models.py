"""The specialised centres, with their contact data, editable by administrators."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from keten.core import regions
from keten.knowledge.reference import E164, REGION_LABELS, tel_href


def validate_phone(value: str) -> None:
    if not E164.match(re.sub(r"[\s./-]", "", value)):
        raise ValidationError(
            _("Write the number in international form, for example +32 2 123 45 67."), code="phone"
        )


def validate_regions(value: Any) -> None:
    if not isinstance(value, list) or not set(value) <= set(regions.REGIONS):
        raise ValidationError(_("Choose regions from the list."), code="regions")


def validate_languages(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give language codes such as nl, fr or en."), code="languages")
    for code in value:
        try:
            get_language_info(code)
        except KeyError:
            raise ValidationError(
                _("%(code)s is not a language code Keten knows."), params={"code": code}, code="languages"
            ) from None


def _reads_french_names() -> bool:
    return get_language() in ("fr", "de")


class Centre(models.Model):
    """A specialised centre recognised to guide victims (PAG-ASA, Payoke, Sürya).

    ``slug`` matches the centre slugs of ``keten.core.regions`` and the slug of the centre's
    ``accounts.Organisation``. ``regions`` are the regions the centre is recommended for.
    """

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    city = models.CharField(_("city"), max_length=100)
    # Brussels is bilingual: its street and city names have a French form too.
    street_fr = models.CharField(
        _("street and number in French"), max_length=200, blank=True, help_text=_("Only where it differs.")
    )
    city_fr = models.CharField(
        _("city in French"), max_length=100, blank=True, help_text=_("Only where it differs.")
    )
    phone = models.CharField(_("phone"), max_length=30, validators=[validate_phone])
    email = models.EmailField(_("e-mail"))
    website = models.URLField(_("website"), blank=True)
    regions = models.JSONField(_("regions served"), default=list, blank=True, validators=[validate_regions])
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )
    position = models.PositiveSmallIntegerField(_("order on the pages"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("specialised centre")
        verbose_name_plural = _("specialised centres")

    def __str__(self) -> str:
        return self.name

    @property
    def local_street(self) -> str:
        """The street as written in the reader's language, where the place has two official names.

        German readers get the French names: Brussels has no official German street names, and
        the German-speaking Community lies in the Walloon Region, where French is the language
        its readers meet on every other sign."""
        return (_reads_french_names() and self.street_fr) or self.street

    @property
    def local_city(self) -> str:
        return (_reads_french_names() and self.city_fr) or self.city

    @property
    def tel_href(self) -> str:
        return tel_href(self.phone)

    @property
    def mailto_href(self) -> str:
        return f"mailto:{self.email}"

    @property
    def website_label(self) -> str:
        return self.website.removeprefix("https://").removeprefix("http://").rstrip("/")

    @property
    def region_labels(self) -> list[str]:
        return [str(REGION_LABELS[code]) for code in self.regions if code in REGION_LABELS]

    @property
    def language_names(self) -> list[str]:
        return [str(get_language_info(code)["name_translated"]) for code in self.languages]
