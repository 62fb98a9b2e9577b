from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from keten.accounts import policy
from keten.accounts.models import Organisation
from keten.accounts.roles import Role, role_fits_kind


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits in your authenticator app, or one of your recovery codes."),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split()).replace("-", "")


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Enter the six digits your app shows."))
        return token


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = policy.managed_organisations(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation")
        role = data.get("role")
        if organisation and role:
            if not role_fits_kind(role, organisation.kind):
                self.add_error("role", _("This role does not exist in this kind of organisation."))
            elif not policy.may_invite(self.user, organisation, role):
                self.add_error(
                    "role",
                    _(
                        "You may appoint only the administrators of this organisation: they invite "
                        "its other people."
                    ),
                )
        return data


class ResetSecondFactorForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the login code be reset?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: phone lost, reported by telephone on a known number. Kept in the audit "
            "trail: write no personal details."
        ),
    )
