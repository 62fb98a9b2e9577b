"""One contract: the API and ``keten screen`` give the same result for the same facts."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from keten.core import indicators
from keten.core.screening import OUTPUT_KEYS, screen
from tests.core.test_screening_table import SITUATIONS, Situation

ROOT = Path(__file__).resolve().parents[2]
EVALUATE = "/api/v1/screenings/evaluate"


def api(data: Any, language: str = "en", *, raw: str | None = None) -> Any:
    body = raw if raw is not None else json.dumps(data)
    return Client().post(EVALUATE, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def cli(data: Any, language: str = "en", *, raw: str | None = None) -> dict[str, Any]:
    out = io.StringIO()
    stdin = io.StringIO(raw if raw is not None else json.dumps(data))
    call_command("screen", "--lang", language, stdin=stdin, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def cli_error(raw: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        cli(None, raw=raw)
    return caught.value


@pytest.mark.parametrize("situation", SITUATIONS, ids=[s.name for s in SITUATIONS])
def test_it_gives_the_same_result_through_the_api_and_the_cli(situation: Situation) -> None:
    response = api(situation.facts)
    assert response.status_code == 200, response.content
    from_api = response.json()
    from_cli = cli(situation.facts)
    assert from_api == from_cli
    assert tuple(from_api) == OUTPUT_KEYS
    assert from_api["qualification"] == situation.qualification
    assert tuple(from_api["forms"]) == situation.forms
    assert from_api["urgency"] == situation.urgency


def test_it_runs_the_whole_table() -> None:
    assert len(SITUATIONS) >= 45


def test_it_stores_nothing() -> None:
    # No database access is allowed in this test: any query would raise.
    assert api(SITUATIONS[0].facts).status_code == 200


def test_it_needs_no_login_and_no_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(EVALUATE, data="{}", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["qualification"] == "insufficient"
    assert not response.cookies


def test_it_treats_an_empty_body_as_no_facts() -> None:
    response = Client().post(EVALUATE, data="", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == cli(None, raw="")


BAD_INPUT = [
    ({"unknown": 1}, "unknown"),
    ({"person": {"name": "A"}}, "person.name"),
    ({"acts": ["kidnap"]}, "acts"),
    ({"acts": "transport"}, "acts"),
    ({"purposes": ["marriage"]}, "purposes"),
    ({"means": [1]}, "means"),
    ({"indicators": ["general.nope"]}, "indicators"),
    ({"person": {"age": "17"}}, "person.age"),
    ({"person": {"age": -1}}, "person.age"),
    ({"person": {"age": 17.5}}, "person.age"),
    ({"person": {"nationality": "Belgian"}}, "person.nationality"),
    ({"person": []}, "person"),
    ({"border": {"crossed_irregularly": "yes"}}, "border.crossed_irregularly"),
    ({"consent": 1}, "consent"),
    ({"immediate_danger": "true"}, "immediate_danger"),
    ({"location": {"postal_code": 1000}}, "location.postal_code"),
    ({"location": {"postal_code": "0999"}}, "location.postal_code"),
    ({"location": {"city": "Gent"}}, "location.city"),
    ([], "facts"),
    ("text", "facts"),
]


@pytest.mark.parametrize(("data", "field"), BAD_INPUT, ids=[field for _data, field in BAD_INPUT])
def test_it_names_the_field_of_bad_input_in_both(data: Any, field: str) -> None:
    response = api(data)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == field
    assert detail["msg"].startswith(f"{field}: ")
    assert detail["type"] == "facts_error"
    error = cli_error(json.dumps(data))
    assert error.returncode == 2
    assert str(error) == detail["msg"]


@pytest.mark.parametrize(
    "raw",
    ["{", "not json", '{"acts": [}', "\xff", '{"person": {"age": ' + "9" * 5000 + "}}", '{"person": ' * 5000],
    ids=["open", "text", "broken list", "not utf-8", "5000 digits", "nested 5000 deep"],
)
def test_it_refuses_invalid_json_in_both(raw: str) -> None:
    response = api(None, raw=raw)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "facts"
    assert "not valid JSON" in response.json()["detail"][0]["msg"]
    error = cli_error(raw)
    assert error.returncode == 2
    assert str(error).startswith("facts: This is not valid JSON")


FACTS = {
    "person": {"age": 16, "nationality": "NG"},
    "acts": ["recruitment"],
    "purposes": ["sexual"],
    "indicators": ["general.documents_taken", "general.afraid_to_talk"],
    "immediate_danger": True,
    "location": {"postal_code": "4000"},
}


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_it_explains_in_the_language_asked_for(language: str) -> None:
    with translation.override(language):
        expected = screen(FACTS, translate=gettext)
    response = api(FACTS, language)
    assert response["Content-Language"] == language
    assert response.json()["explanation"] == expected["explanation"]
    assert response.json()["actions"] == expected["actions"]
    assert cli(FACTS, language) == expected


def test_it_names_the_field_in_the_language_asked_for() -> None:
    with translation.override("fr"):
        expected = gettext("Unknown value: %(value)s.") % {"value": "x"}
    response = api({"acts": ["x"]}, "fr")
    assert response.json()["detail"][0]["msg"] == f"acts: {expected}"


def test_it_runs_as_a_real_command() -> None:
    command = [sys.executable, "-m", "keten.cli", "screen", "--lang", "en"]
    facts = json.dumps(SITUATIONS[0].facts).encode()
    done = subprocess.run(command, input=facts, capture_output=True, cwd=ROOT, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == cli(SITUATIONS[0].facts)
    bad = subprocess.run(
        command, input=b'{"acts": ["x"]}', capture_output=True, cwd=ROOT, check=False, timeout=60
    )
    assert bad.returncode == 2
    assert b"acts: Unknown value: x." in bad.stderr
    assert bad.stdout == b""


def test_it_lists_the_indicator_catalogue_with_ids() -> None:
    response = Client().get("/api/v1/indicators", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    listed = response.json()
    assert [item["id"] for item in listed] == [item.id for item in indicators.CATALOGUE]
    first = indicators.CATALOGUE[0]
    with translation.override("fr"):
        assert listed[0]["label"] == gettext(first.label)
    assert {"id", "label", "group", "dimension", "strength", "forms", "applies_to"} <= set(listed[0])


def test_it_accepts_every_listed_indicator() -> None:
    ids = [item["id"] for item in Client().get("/api/v1/indicators").json()]
    response = api({"indicators": ids})
    assert response.status_code == 200
    assert response.json()["possible_victim"] is True


def test_it_documents_both_schemas_in_openapi() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    evaluate = document["paths"][EVALUATE]["post"]
    body = evaluate["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert body["properties"]["person"]["anyOf"][0]["additionalProperties"] is False
    acts = body["properties"]["acts"]["anyOf"][0]["items"]["enum"]
    assert acts == ["recruitment", "transport", "transfer", "harbouring", "reception", "control"]
    assert set(evaluate["responses"]) == {"200", "422"}
    result = document["components"]["schemas"]["ScreeningResultOut"]
    assert set(result["properties"]) == set(OUTPUT_KEYS)
    assert "/api/v1/indicators" in document["paths"]


@pytest.mark.django_db
def test_an_empty_screening_does_not_urge_action() -> None:
    from keten.screening.display import result_view

    with translation.override("en"):
        empty = result_view(screen({}), "citizen")
        assert str(empty["urgency_text"]) == "No emergency as far as these answers show."
        signs = result_view(screen({"acts": ["recruitment"], "purposes": ["labour"]}), "citizen")
        assert str(signs["urgency_text"]) == "Not an emergency, but do act."
