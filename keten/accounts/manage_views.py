"""Administrators invite people, end memberships and reset a lost authenticator."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keten.accounts import services
from keten.accounts.access import administrator_required, request_user
from keten.accounts.forms import InviteForm
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import Role


def managed_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose people this administrator manages."""
    if user.is_superuser:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__role=Role.ADMINISTRATOR,
        memberships__is_active=True,
    ).distinct()


@administrator_required
def people_view(request: HttpRequest) -> HttpResponse:
    organisations = managed_organisations(request_user(request))
    memberships = (
        Membership.objects.filter(organisation__in=organisations)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )
    return render(request, "accounts/people.html", {"memberships": memberships})


@administrator_required
@require_http_methods(["GET", "POST"])
def invite_view(request: HttpRequest) -> HttpResponse:
    admin = request_user(request)
    form = InviteForm(request.POST or None, organisations=managed_organisations(admin))
    if request.method == "POST" and form.is_valid():
        services.invite_person(by=admin, **form.cleaned_data)
        messages.success(
            request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("accounts:people")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)


@administrator_required
@require_POST
def end_membership_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    admin = request_user(request)
    membership = get_object_or_404(
        Membership.objects.filter(organisation__in=managed_organisations(admin)), pk=membership_id
    )
    services.deactivate_membership(by=admin, membership=membership)
    messages.success(request, _("The membership has ended."))
    return redirect("accounts:people")


@administrator_required
@require_POST
def reset_second_factor_view(request: HttpRequest, user_id: int) -> HttpResponse:
    admin = request_user(request)
    person = get_object_or_404(
        User.objects.filter(memberships__organisation__in=managed_organisations(admin)).distinct(), pk=user_id
    )
    services.reset_second_factor(by=admin, user=person)
    messages.success(request, _("%(name)s will set up a new code at the next login.") % {"name": person})
    return redirect("accounts:people")
