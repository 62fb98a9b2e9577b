"""Installation administrators keep the centres' contact data up to date in the technical admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from keten.accounts import policy
from keten.audit.log import log_action
from keten.core import regions
from keten.knowledge.models import Centre, validate_languages
from keten.knowledge.reference import REGION_LABELS


class CentreForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        label=_("regions served"),
        choices=[(code, REGION_LABELS[code]) for code in regions.REGIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The postal-code helper recommends this centre first for these regions."),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    languages = forms.CharField(
        label=_("languages spoken"),
        required=False,
        help_text=_("Language codes separated by commas, for example: nl, fr, en."),
    )

    class Meta:
        model = Centre
        fields = [
            "slug",
            "name",
            "street",
            "street_fr",
            "postal_code",
            "city",
            "city_fr",
            "phone",
            "email",
            "website",
            "regions",
            "languages",
            "position",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.languages)

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data.get("languages") or ""
        codes = [code.strip().lower() for code in text.split(",") if code.strip()]
        validate_languages(codes)
        return codes


def _is_administrator(request: HttpRequest) -> bool:
    """The centres' contact data is the installation's: its administrators keep it."""
    return policy.may(request.user, policy.Power.MANAGE_ORGANISATIONS)


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin[Centre]):
    form = CentreForm
    list_display = ["name", "city", "phone", "email", "position"]
    ordering = ["position", "name"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def save_model(self, request: HttpRequest, obj: Centre, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        log_action(
            "centre.changed" if change else "centre.created",
            actor=request.user,
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Centre) -> None:
        centre_id = obj.pk
        super().delete_model(request, obj)
        log_action("centre.deleted", actor=request.user, object_type="knowledge.centre", object_id=centre_id)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        centre_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for centre_id in centre_ids:
            log_action(
                "centre.deleted", actor=request.user, object_type="knowledge.centre", object_id=centre_id
            )
