"""The screening engine over HTTP: the evaluate endpoint with a full set of facts (issue 16)."""

from __future__ import annotations

import json

from tests.bench.harness import Bench, Endpoint

# A situation that exercises every rule: both Codes (a period across 8 April 2026), smuggling and
# trafficking with aggravations, a presumed child, indicators and a postal code.
FACTS = {
    "person": {"nationality": "AF", "possibly_minor": True, "unaccompanied": True},
    "facts_date": {"from": "2026-01-15", "to": "2026-06-30"},
    "exploiter_relations": ["relative"],
    "acts": ["recruitment", "transport", "harbouring"],
    "purposes": ["labour", "forced_crime"],
    "means": ["deception", "threats", "abuse_of_vulnerability"],
    "consent": True,
    "border": {"crossed_irregularly": True, "helped_for_gain": True},
    "indicators": [
        "general.documents_taken",
        "general.large_debt",
        "exploitative_conditions.excessive_hours",
        "coercion_at_destination.debt_bondage",
        "forced_crime.tends_cannabis_plantation",
    ],
    "immediate_danger": False,
    "location": {"postal_code": "2000"},
    "circumstances": ["habitual_activity", "association"],
}


def endpoints(bench: Bench) -> list[Endpoint]:
    return [
        Endpoint(
            "screening evaluate (API, full facts)",
            "/api/v1/screenings/evaluate",
            method="POST",
            body=json.dumps(FACTS),
            content_type="application/json",
            headers={"Accept-Language": "fr"},
        ),
    ]
