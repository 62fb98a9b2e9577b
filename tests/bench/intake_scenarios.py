"""Confidential reports: the public form, a submission, code login and the inbox.

Every submission is a real report written to the database (with fsync on SQLite); code login
uses a code made here, so it is answered with the redirect into the reporter's conversation.
"""

from __future__ import annotations

from urllib.parse import urlencode

from tests.bench.harness import Bench, Endpoint


def endpoints(bench: Bench) -> list[Endpoint]:
    from django.core import signing

    from keten.accounts.models import Membership, Organisation, User
    from keten.accounts.roles import OrganisationKind, Role
    from keten.intake import reporter_session
    from keten.intake.services import submit_report

    hotline, _ = Organisation.objects.get_or_create(
        slug="bench-hotline", defaults={"name": "Bench hotline", "kind": OrganisationKind.HOTLINE}
    )
    operator, created = User.objects.get_or_create(
        email="bench.operator@keten.invalid", defaults={"full_name": "Bench operator"}
    )
    if created:
        Membership.objects.create(user=operator, organisation=hotline, role=Role.HOTLINE_OPERATOR)
    report, code = submit_report(
        content={"what": "A benchmark report about a car wash.", "postal_code": "2000"}
    )
    for number in range(min(bench.scale, 200)):
        submit_report(content={"what": f"Benchmark report {number}."}, form_of_exploitation="labour")
    assert code is not None
    operator_cookie = bench.session_cookie(operator)
    reporter_cookie = f"{reporter_session.COOKIE_NAME}=" + signing.dumps(
        {"r": report.pk}, salt=reporter_session._SALT, compress=False
    )
    csrf = bench.csrf
    form = urlencode(
        {"what": "Workers sleep in the warehouse.", "postal_code": "1000", "kind_of_place": "workplace"}
    )
    return [
        Endpoint("report form", "/en/report/"),
        Endpoint(
            "report submission",
            "/en/report/",
            method="POST",
            body=f"{form}&{csrf['field']}",
            content_type="application/x-www-form-urlencoded",
            headers={"Cookie": csrf["cookie"]},
        ),
        Endpoint(
            "code login",
            "/en/report/follow-up/",
            method="POST",
            body=f"{urlencode({'code': code})}&{csrf['field']}",
            headers={"Cookie": csrf["cookie"]},
            expect_status=302,
        ),
        Endpoint(
            "reporter conversation", "/en/report/follow-up/conversation/", headers={"Cookie": reporter_cookie}
        ),
        Endpoint("inbox (operator)", "/en/report/inbox/", headers={"Cookie": operator_cookie}),
        Endpoint(
            "report page (operator)", f"/en/report/inbox/{report.pk}/", headers={"Cookie": operator_cookie}
        ),
    ]
