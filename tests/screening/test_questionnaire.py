"""The guided questionnaire: every step without JavaScript, two wordings, no cookie, nothing lost."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from keten.core.indicators import BY_ID as indicators_by_id
from keten.screening import questionnaire as q

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


# What the person ticks or types on each step (form field → value or values).
ANSWERS: dict[str, dict[str, Any]] = {
    q.PERSON: {"age": "16", "nationality": "ng"},
    q.ACTS: {"acts": ["recruitment", "transport"]},
    q.PURPOSES: {"purposes": ["sexual"]},
    q.MEANS: {"means": ["deception"], "consent": "yes"},
    q.BORDER: {"crossed_irregularly": "yes", "helped_for_gain": "no"},
    q.INDICATORS: {"indicators": ["general.documents_taken", "general.afraid_to_talk"]},
    q.DANGER: {"immediate_danger": "yes", "postal_code": "2000"},
}


def hidden_and_checked(html: str) -> dict[str, list[str]]:
    """What the browser would send back: hidden inputs, ticked boxes and typed text."""
    form: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind_value = kind.group(1) if kind else "text"
        if kind_value in ("checkbox", "radio") and " checked" not in tag:
            continue
        form.setdefault(name.group(1), []).append(unescape(value.group(1)) if value else "")
    return form


def submit(client: Client, language: str, html: str, fill: dict[str, Any], go: str = "next") -> Any:
    """Post the form on the page, as a browser without JavaScript would, after filling ``fill``."""
    data = hidden_and_checked(html)
    for name, value in fill.items():
        data[name] = value if isinstance(value, list) else [value]
    data["go"] = [go]
    return client.post(reverse("screening:questions"), data)


def walk(client: Client, language: str, audience: str) -> Any:
    with translation.override(language):
        start = client.get(reverse("screening:start"))
        assert start.status_code == 200
        response = client.get(reverse("screening:questions"), {"audience": audience})
        assert response.status_code == 200
        for step in q.STEPS:
            html = response.content.decode()
            assert f'name="step" value="{step}"' in html
            assert "<fieldset" in html or step == q.PERSON
            response = submit(client, language, html, ANSWERS[step])
            assert response.status_code == 200, response.content.decode()[:2000]
        return response


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
@pytest.mark.parametrize("audience", q.AUDIENCES)
def test_it_completes_every_step_without_javascript_and_sets_no_cookie(language: str, audience: str) -> None:
    client = Client()
    result = walk(client, language, audience)
    html = result.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'href="tel:112"' in html
    assert 'href="tel:+3232011690"' in html  # Payoke, recommended for 2000 Antwerpen
    assert "<script>" not in html
    assert not client.cookies, client.cookies
    assert "no-store" in result["Cache-Control"]


def test_it_shows_112_first_when_someone_is_in_danger() -> None:
    html = walk(Client(), "en", q.CITIZEN).content.decode()
    main = html[html.index("<main") :]
    assert main.index('href="tel:112"') < main.index("What to do now") < main.index('href="tel:+3232011690"')
    assert "Someone is in danger: call 112 now" in main


def test_it_does_not_shout_112_without_danger() -> None:
    client = Client()
    response = client.get(reverse("screening:questions"), {"audience": "citizen"})
    data = {"audience": "citizen", "step": q.DANGER, "acts": "transport", "purposes": "labour", "go": "next"}
    response = client.post(reverse("screening:questions"), data)
    html = response.content.decode()
    assert "Someone is in danger: call 112 now" not in html
    assert "The facts are not enough" not in html
    assert "What you describe looks like human trafficking." in html


def test_it_words_the_questions_for_each_audience() -> None:
    client = Client()
    with translation.override("en"):
        citizen = client.post(
            reverse("screening:questions"), {"audience": "citizen", "step": q.PERSON, "go": "next"}
        ).content.decode()
        professional = client.post(
            reverse("screening:questions"), {"audience": "professional", "step": q.PERSON, "go": "next"}
        ).content.decode()
    assert "What did someone do with this person?" in citizen
    assert "What was done with the person?" in professional
    assert "Recruited: approached, hired or lured" in professional
    assert "Recruited: approached" not in citizen


def test_it_keeps_the_answers_when_going_back() -> None:
    client = Client()
    response = client.get(reverse("screening:questions"), {"audience": "citizen"})
    response = submit(client, "en", response.content.decode(), ANSWERS[q.PERSON])
    response = submit(client, "en", response.content.decode(), ANSWERS[q.ACTS])
    response = submit(client, "en", response.content.decode(), {"purposes": ["labour"]}, go="back")
    html = response.content.decode()
    assert 'name="step" value="acts"' in html
    assert re.search(r'value="recruitment" checked', html)
    assert re.search(r'value="transport" checked', html)
    assert '<input type="hidden" name="purposes" value="labour">' in html
    response = submit(client, "en", html, {}, go="back")
    html = response.content.decode()
    assert 'name="step" value="person"' in html
    assert 'value="16"' in html
    assert 'value="ng"' in html


def test_it_goes_back_to_a_step_from_the_result_and_keeps_everything() -> None:
    client = Client()
    html = walk(client, "en", q.PROFESSIONAL).content.decode()
    data = hidden_and_checked(html)
    data["goto"] = [q.MEANS]
    response = client.post(reverse("screening:questions"), data)
    html = response.content.decode()
    assert 'name="step" value="means"' in html
    assert re.search(r'value="deception" checked', html)
    assert '<input type="hidden" name="indicators" value="general.documents_taken">' in html


@pytest.mark.parametrize(
    ("step", "fill", "message"),
    [
        (q.PERSON, {"age": "seventeen"}, "Give the age in whole years"),
        (q.PERSON, {"age": "130"}, "Give the age in whole years"),
        (q.PERSON, {"nationality": "Belgian"}, "two-letter country code"),
        (q.DANGER, {"postal_code": "12"}, "exactly four digits"),
    ],
)
def test_it_says_which_answer_is_wrong_and_keeps_it(step: str, fill: dict[str, str], message: str) -> None:
    client = Client()
    with translation.override("en"):
        data = {"audience": "citizen", "step": step, "go": "next", **fill}
        response = client.post(reverse("screening:questions"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="step" value="{step}"' in html
    assert "There is a problem" in html
    assert message in html
    assert f'value="{list(fill.values())[0]}"' in html


def test_it_sends_a_tampered_hidden_answer_back_to_its_step() -> None:
    data = {"audience": "citizen", "step": q.DANGER, "go": "next", "acts": "kidnap"}
    response = Client().post(reverse("screening:questions"), data)
    assert response.status_code == 400
    assert 'name="step" value="acts"' in response.content.decode()


def test_it_refuses_an_unknown_audience() -> None:
    assert Client().get(reverse("screening:questions"), {"audience": "robot"}).status_code == 404


def test_it_shows_child_signs_only_for_a_child() -> None:
    client = Client()
    adult = client.post(
        reverse("screening:questions"), {"audience": "citizen", "step": q.BORDER, "age": "30", "go": "next"}
    ).content.decode()
    child = client.post(
        reverse("screening:questions"), {"audience": "citizen", "step": q.BORDER, "age": "12", "go": "next"}
    ).content.decode()
    assert 'value="begging.child_begging"' in child
    assert 'value="begging.child_begging"' not in adult


def test_it_offers_saving_only_to_a_logged_in_professional() -> None:
    html = walk(Client(), "en", q.PROFESSIONAL).content.decode()
    assert "Save this screening" not in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("typed", ["Nigeria", "nigéria", "NG", "ng "])
def test_it_takes_the_nationality_by_name_or_code(typed: str) -> None:
    answers = {**q.empty_answers(), "nationality": typed.strip()}
    assert q.to_facts(answers)["person"]["nationality"] == "NG"


def test_a_nationality_that_is_not_one_country_goes_to_the_engine_as_typed() -> None:
    answers = {**q.empty_answers(), "nationality": "Nigeria, Ghana"}
    assert q.to_facts(answers)["person"]["nationality"] == "Nigeria, Ghana"


def switch_language(client: Client, html: str, language: str) -> Any:
    """Press the language button of the page: it submits the questionnaire to the other language."""
    button = re.search(
        rf'<button[^>]*formaction="([^"]+)"[^>]*name="goto" value="([^"]+)"[^>]*lang="{language}"', html
    )
    assert button, f"no {language} button"
    data = hidden_and_checked(html)
    data["goto"] = [button.group(2)]
    return client.post(unescape(button.group(1)), data)


@pytest.mark.parametrize("audience", q.AUDIENCES)
def test_it_keeps_every_answer_when_the_language_changes_on_every_step(audience: str) -> None:
    """The review: switching language mid-screening gave a 404 and lost the answers."""
    client = Client()
    languages = ["fr", "nl", "en"]
    response = client.get(reverse("screening:questions"), {"audience": audience})
    for position, step in enumerate(q.STEPS):
        html = response.content.decode()
        # Fill this step, then switch language before going on: the answers must survive.
        data = hidden_and_checked(html)
        for name, value in ANSWERS[step].items():
            data[name] = value if isinstance(value, list) else [value]
        html_filled = html
        for name, values in data.items():
            for value in values:
                html_filled += f'<input type="hidden" name="{name}" value="{value}">'
        language = languages[position % 3]
        switched = switch_language(client, html_filled, language)
        assert switched.status_code == 200
        page = switched.content.decode()
        assert f'<html lang="{language}">' in page
        assert f'name="step" value="{step}"' in page
        sent = hidden_and_checked(page)
        for name, value in ANSWERS[step].items():
            expected = value if isinstance(value, list) else [value]
            assert sorted(sent.get(name, [])) == sorted(expected), (step, name)
        with translation.override(language):
            response = client.post(reverse("screening:questions"), {**sent, "go": ["next"]})
        assert response.status_code == 200
    page = response.content.decode()
    switched = switch_language(client, page, "nl")
    assert switched.status_code == 200
    result = switched.content.decode()
    assert '<html lang="nl">' in result
    assert 'name="step" value="result"' in result
    for step in q.STEPS:
        for name, value in ANSWERS[step].items():
            expected = value if isinstance(value, list) else [value]
            assert sorted(hidden_and_checked(result).get(name, [])) == sorted(expected), (step, name)


def test_the_citizen_result_puts_what_to_do_first_without_articles_or_counts() -> None:
    client = Client()
    response = walk(client, "en", q.CITIZEN)
    html = response.content.decode()
    main = html.split('<details class="screening-detail">')[0]
    assert main.index("What to do now") < main.index("What this looks like")
    assert "art. 433" not in main and "433quinquies" not in main
    assert "medium" not in main and "strong signs" not in main


def test_the_professional_result_names_the_law_applied() -> None:
    client = Client()
    html = walk(client, "en", q.PROFESSIONAL).content.decode()
    assert "Law applied" in html
    assert "Route for a child" in html


def test_it_shows_the_most_telling_signs_first_and_the_rest_behind_more_signs() -> None:
    """The review: about 110 checkboxes on one 6,400 px page."""
    questions = q.indicator_questions(q.empty_answers(), q.PROFESSIONAL)
    for question in questions:
        first = question.first_options
        assert len(first) <= q.FIRST_SIGNS
        strengths = [indicators_by_id[option.value].strength for option in question.options]
        assert strengths == sorted(strengths, key=["strong", "medium", "weak"].index)
    # Folded until needed: the six ILO/EC dimensions and the signs of the four specific forms.
    assert len([question for question in questions if question.collapsed]) == 10
    visible = sum(len(question.first_options) for question in questions if not question.collapsed)
    assert visible == q.FIRST_SIGNS
    begging = q.indicator_questions({**q.empty_answers(), "purposes": ["begging"]}, q.CITIZEN)
    assert len([question for question in begging if not question.collapsed]) == 2
    ticked = q.indicator_questions(
        {**q.empty_answers(), "indicators": ["exploitative_conditions.no_access_to_education"]},
        q.PROFESSIONAL,
    )
    opened = [question for question in ticked if question.more_open]
    assert len(opened) == 1 and not opened[0].collapsed


def test_a_sign_named_by_several_lists_is_offered_once() -> None:
    """The review: "the same sign up to four times". Each observation gets one checkbox, even with
    every group and dimension opened."""
    answers = {**q.empty_answers(), "purposes": ["labour", "begging", "forced_crime", "organ_removal"]}
    offered = [
        option.value
        for question in q.indicator_questions(answers, q.PROFESSIONAL)
        for option in question.options
    ]
    assert len(offered) == len(set(offered))
    observations = {indicators_by_id[value].label for value in offered}
    assert len(observations) == len(offered)
    assert "general.documents_taken" in offered
    assert "forced_labour.retention_of_documents" not in offered
    assert "coercion_at_destination.documents_confiscated" not in offered


def test_a_saved_screening_with_a_repeated_sign_shows_it_ticked_once() -> None:
    """Facts saved before signs were merged (or sent through the API) open with the one checkbox ticked."""
    answers = q.from_facts(
        {"indicators": ["forced_labour.retention_of_documents", "coercion_at_destination.violence"]}
    )
    assert answers["indicators"] == ["general.documents_taken", "general.signs_of_violence"]
    ticked = [
        option.value
        for question in q.indicator_questions(answers, q.PROFESSIONAL)
        for option in question.options
        if option.checked
    ]
    assert sorted(ticked) == ["general.documents_taken", "general.signs_of_violence"]
    assert q.hidden_fields(answers, q.indicator_questions(answers, q.PROFESSIONAL)) == []
