"""Installation administrators create the chain's organisations from the reference data."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from keten.accounts import policy, reference
from keten.accounts.access import professional_required, request_user
from keten.accounts.models import Organisation


@professional_required
@require_http_methods(["GET", "POST"])
def organisations_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not policy.is_installation_administrator(user):
        raise Http404
    if request.method == "POST":
        created = reference.create_reference_organisations(request.POST.getlist("slug"), actor=user)
        messages.success(
            request,
            ngettext(
                "%(count)d organisation was created.", "%(count)d organisations were created.", len(created)
            )
            % {"count": len(created)},
        )
        return redirect("accounts:organisations")
    return render(
        request,
        "accounts/organisations.html",
        {
            "organisations": Organisation.objects.order_by("kind", "name"),
            "missing": reference.missing_reference_organisations(),
        },
    )
