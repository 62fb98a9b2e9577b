from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from keten.accounts import services
from keten.accounts.access import (
    SESSION_MEMBERSHIP_KEY,
    current_membership,
    is_verified,
    professional_required,
    request_user,
)
from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.devices import RecoveryCodeDevice as StaticDevice
from keten.accounts.first_run import first_run
from keten.accounts.forms import EnrolForm, LoginForm, TokenForm
from keten.accounts.models import Invitation, User
from keten.accounts.templatetags.navigation import places_for
from keten.audit.log import log_action

PENDING_USER_KEY = "keten_pending_user"
PENDING_SINCE_KEY = "keten_pending_since"
PENDING_FAILURES_KEY = "keten_pending_failures"
ENROL_DEVICE_KEY = "keten_enrol_device"
RECOVERY_CODES_KEY = "keten_new_recovery_codes"
PENDING_LIFETIME_SECONDS = 5 * 60
MAX_SECOND_FACTOR_FAILURES = 5
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _pending_user(request: HttpRequest) -> User | None:
    """The person who gave a right password in the last few minutes but no second factor yet."""
    user_id = request.session.get(PENDING_USER_KEY)
    since = request.session.get(PENDING_SINCE_KEY, 0)
    if user_id is None or time.time() - since > PENDING_LIFETIME_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def _forget_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER_KEY, PENDING_SINCE_KEY, PENDING_FAILURES_KEY, ENROL_DEVICE_KEY):
        request.session.pop(key, None)


def _complete_login(request: HttpRequest, user: User, device: Any) -> None:
    _forget_pending(request)
    login(request, user, backend=BACKEND)
    otp_login(request, device)
    log_action("account.logged_in", actor=user, obj=user)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if is_verified(request.user):
        return redirect("accounts:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            known = User.objects.filter(email__iexact=email).first()
            log_action("account.login_failed", actor=known, obj=known, object_type="accounts.user")
            form.add_error(None, _("This e-mail address and password do not match. Please try again."))
        else:
            if not isinstance(user, User):  # another back-end returned something else
                raise PermissionError("unexpected user type")
            request.session.cycle_key()
            request.session[PENDING_USER_KEY] = user.pk
            request.session[PENDING_SINCE_KEY] = time.time()
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("accounts:two_factor")
            return redirect("accounts:enrol")
    return render(request, "accounts/login.html", {"form": form}, status=400 if form.errors else 200)


def safe_next(request: HttpRequest) -> str:
    """Where to go after the second factor: the ``next`` asked for if it is a path of this site,
    else "My work". Another host, a scheme or a protocol-relative ``//`` address is ignored."""
    wanted = request.GET.get("next", "")
    if (
        wanted.startswith("/")
        and not wanted.startswith("//")
        and "\\" not in wanted
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None, require_https=False)
    ):
        return wanted
    return reverse("accounts:home")


def no_client_address(request: HttpRequest) -> str:
    """django-axes asks for the client address; Keten never records one."""
    return "0.0.0.0"  # noqa: S104  (a constant, not a bind address)


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown after too many failed attempts (django-axes calls this too)."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        _forget_pending(request)
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            _complete_login(request, user, device)
            if isinstance(device, StaticDevice):
                log_action("account.recovery_code_used", actor=user, obj=user)
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)s code is left.",
                        "You used a recovery code. %(count)s codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(safe_next(request))
        failures = request.session.get(PENDING_FAILURES_KEY, 0) + 1
        request.session[PENDING_FAILURES_KEY] = failures
        log_action("account.second_factor_failed", actor=user, obj=user)
        if failures >= MAX_SECOND_FACTOR_FAILURES:
            _forget_pending(request)
            messages.error(request, _("Too many wrong codes. Please log in again."))
            return redirect("accounts:login")
        form.add_error("token", _("This code is not right or has expired. Please try the newest code."))
    return render(request, "accounts/two_factor.html", {"form": form}, status=400 if form.errors else 200)


@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        _forget_pending(request)
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_DEVICE_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = services.start_totp_enrolment(user=user)
        request.session[ENROL_DEVICE_KEY] = device.pk
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.confirm_totp_enrolment(user=user, device=device)
            _complete_login(request, user, device)
            request.session[RECOVERY_CODES_KEY] = codes
            return redirect("accounts:recovery_codes")
        form.add_error(
            "token", _("This code is not right. Check the time on your phone and try the newest code.")
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1b1b1b", light="#ffffff")
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": _grouped_secret(device)},
        status=400 if form.errors else 200,
    )


def _grouped_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@professional_required
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect("accounts:home")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@professional_required
@require_POST
def new_recovery_codes_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    request.session[RECOVERY_CODES_KEY] = services.replace_recovery_codes(user=user)
    log_action("account.recovery_codes_replaced", actor=user, obj=user)
    return redirect("accounts:recovery_codes")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        log_action("account.logged_out", actor=request.user, obj=request.user)
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


@professional_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Each role's next actions first (what waits, with the header's counts), deadlines in full
    width under them, then the panels of each part the person works in."""
    membership = current_membership(request)
    invitations = Invitation.objects.filter(user=request_user(request), organisation__is_active=True).count()
    nav = places_for(request)
    waiting = [(place, item) for place in nav["places"] for item in place.waiting]
    # The danger alert first, then the rest in the header's order.
    waiting.sort(key=lambda pair: not pair[1].urgent)
    context = {
        "membership": membership,
        "invitations": invitations,
        "waiting": waiting,
        "first_run": first_run(request_user(request)),
    }
    return render(request, "accounts/home.html", context)


@professional_required
def invitations_view(request: HttpRequest) -> HttpResponse:
    """The invitations waiting for the logged-in person: accepting one starts the membership."""
    user = request_user(request)
    invitations = Invitation.objects.filter(user=user, organisation__is_active=True).select_related(
        "organisation", "invited_by"
    )
    return render(request, "accounts/invitations.html", {"invitations": invitations})


@professional_required
@require_POST
def answer_invitation_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    user = request_user(request)
    if request.POST.get("answer") == "accept":
        membership = services.accept_invitation(user=user, invitation_id=invitation_id)
        messages.success(
            request, _("You now also work for %(organisation)s.") % {"organisation": membership.organisation}
        )
    else:
        services.decline_invitation(user=user, invitation_id=invitation_id)
        messages.info(request, _("You declined the invitation."))
    return redirect("accounts:invitations")


@professional_required
@require_POST
def switch_membership_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    membership = get_object_or_404(user.active_memberships(), pk=request.POST.get("membership"))
    request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
    log_action("account.organisation_switched", actor=user, organisation=membership.organisation, obj=user)
    return redirect("accounts:home")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link must point at the configured site, never at a Host header an attacker sent.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action("account.password_set", actor=form.user, obj=form.user)
        return response
