"""Schemathesis over the whole API schema, with a token of people who have data: no server error.

A centre manager with a case file and a referral (the cases, chain, consents and referral
endpoints) and a hotline operator with a report (the reports endpoints); every other endpoint is
called with the manager's token. Examples are limited so that ``make test`` stays quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from keten.accounts.roles import OrganisationKind, Role
from keten.wsgi import application
from tests.api.helpers import token_for
from tests.base import make_organisation, make_person
from tests.cases.helpers import make_case
from tests.referrals.helpers import make_referral, make_report

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def tokens(db: None) -> Iterator[dict[str, str]]:
    centre = make_organisation("PAG-ASA", OrganisationKind.CENTRE, "pag-asa")
    police = make_organisation("Police", OrganisationKind.POLICE, "police")
    hotline = make_organisation("Hotline", OrganisationKind.HOTLINE, "hotline")
    manager = make_person("manager@example.org", centre, Role.CENTRE_MANAGER)
    operator = make_person("operator@example.org", hotline, Role.HOTLINE_OPERATOR)
    case = make_case(centre, actor=manager, workers=[manager], referred_on=date(2026, 1, 5))
    report = make_report()
    make_referral(sender=centre, to=police, by=manager, case=case, scopes=["situation"])
    make_referral(sender=hotline, to=centre, by=operator, report=report, scopes=["situation", "report"])
    # Schemathesis calls the WSGI application itself, which closes the database connection after
    # each request; inside a test's transaction on PostgreSQL that loses the test's data. Django's
    # own test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"manager": token_for(manager), "operator": token_for(operator)}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_endpoint_ever_answers_a_server_error(case: schemathesis.Case, tokens: dict[str, str]) -> None:
    who = "operator" if "/reports" in case.path else "manager"
    response = case.call(headers={"Authorization": f"Bearer {tokens[who]}"})
    case.validate_response(response, checks=[not_a_server_error])
    if any(part in case.path for part in ("/referrals", "/reports", "/cases")):
        assert response.status_code != 401, "the token must open the endpoint"
