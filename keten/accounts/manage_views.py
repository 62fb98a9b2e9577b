"""Administrators invite people and end memberships; installation administrators reset a lost
authenticator. Who may do what to whom is decided in ``keten.accounts.policy``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keten.accounts import policy, services
from keten.accounts.access import administrator_required, professional_required, request_user
from keten.accounts.forms import InviteForm, ResetSecondFactorForm
from keten.accounts.models import Membership, SecondFactorResetRequest, User


@administrator_required
def people_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    memberships = (
        policy.visible_memberships(user)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )
    installation = policy.is_installation_administrator(user)
    pending = (
        SecondFactorResetRequest.objects.select_related("user", "requested_by")
        if installation
        else SecondFactorResetRequest.objects.none()
    )
    return render(
        request,
        "accounts/people.html",
        {
            "memberships": memberships,
            "may_reset": installation,
            "pending_resets": [item for item in pending if item.is_current()],
            "installation_administrators": User.objects.filter(is_superuser=True, is_active=True)
            if installation
            else [],
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def invite_view(request: HttpRequest) -> HttpResponse:
    admin = request_user(request)
    form = InviteForm(request.POST or None, user=admin)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invite_person(by=admin, **form.cleaned_data)
        except services.AccountError as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Membership):
                text = _("The invitation was sent to %(email)s.")
            else:
                text = _(
                    "%(email)s has an account already: they were asked to accept the invitation "
                    "when they log in."
                )
            messages.success(request, text % {"email": form.cleaned_data["email"]})
            return redirect("accounts:people")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)


@administrator_required
@require_http_methods(["GET", "POST"])
def end_membership_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    """GET asks to confirm, naming the person, organisation and role; POST ends the membership."""
    admin = request_user(request)
    membership = get_object_or_404(
        policy.visible_memberships(admin).select_related("user", "organisation"), pk=membership_id
    )
    if not policy.may_end_membership(admin, membership) or not membership.is_active:
        raise Http404
    if request.method == "GET":
        return render(request, "accounts/end_membership.html", {"membership": membership})
    services.deactivate_membership(by=admin, membership=membership)
    messages.success(request, _("The membership has ended."))
    return redirect("accounts:people")


@professional_required
@require_http_methods(["GET", "POST"])
def reset_second_factor_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """Installation administrators only, with a written reason; the person is told by e-mail."""
    admin = request_user(request)
    if not policy.may(admin, policy.Power.RESET_SECOND_FACTOR):
        raise Http404
    person = get_object_or_404(User, pk=user_id)
    form = ResetSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.reset_second_factor(by=admin, user=person, reason=form.cleaned_data["reason"])
        except services.AccountError as refused:
            form.add_error(None, refused.message)
        else:
            if outcome == services.ResetOutcome.DONE:
                messages.success(
                    request, _("%(name)s will set up a new code at the next login.") % {"name": person}
                )
            else:
                messages.info(
                    request,
                    _(
                        "%(name)s is an installation administrator: another installation administrator "
                        "must confirm this reset within a day."
                    )
                    % {"name": person},
                )
            return redirect("accounts:people")
    pending = SecondFactorResetRequest.objects.filter(user=person).select_related("requested_by").first()
    return render(
        request,
        "accounts/reset_second_factor.html",
        {
            "person": person,
            "form": form,
            "installation_administrator": policy.is_installation_administrator(person),
            "pending": pending if pending is not None and pending.is_current() else None,
        },
        status=400 if form.errors else 200,
    )
