"""The page where a person makes, lists and revokes their own API tokens."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from keten.accounts.access import professional_required, request_user
from keten.api import tokens
from keten.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name, to recognise it"), max_length=80)
    membership = forms.TypedChoiceField(label=_("Acts for"), coerce=int, choices=[])
    expires_on = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_expires_on(self) -> object:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("This day is in the past."))
        return day


@professional_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    memberships = {m.pk: m for m in user.active_membership_list()}
    form = TokenForm(request.POST or None)
    form.fields["membership"].choices = [(pk, str(m)) for pk, m in memberships.items()]  # type: ignore[attr-defined]
    secret = None
    if request.method == "POST" and form.is_valid():
        made = tokens.create_token(
            user=user,
            membership=memberships[form.cleaned_data["membership"]],
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
        )
        secret = made.secret  # shown in this answer only
        form = TokenForm()
        form.fields["membership"].choices = [(pk, str(m)) for pk, m in memberships.items()]  # type: ignore[attr-defined]
    items = ApiToken.objects.filter(user=user).select_related("membership__organisation")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": items, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@professional_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request_user(request)
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404
    tokens.revoke_token(user=user, token=token)
    return redirect("api_tokens:list")
