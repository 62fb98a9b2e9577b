"""No 500 on hostile input: every public form and list page, and the professionals' list pages.

Each page is fetched, its forms are read from the HTML (method, action, every field's name), and
each hostile value is sent in every field at once, and as ``page`` in the query string. Oversized
numbers (thousands of digits: more than Python's 4300-digit limit for int(); 24-digit page
numbers), NUL bytes, characters that look like digits, impossible dates and invalid UTF-8 in the
query string must all get an answer below 500; the forms where it matters say so in the reader's
language.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from keten.knowledge.pages import PUBLIC_PAGES
from tests.base import KetenTestCase

HOSTILE_VALUES = [
    "9" * 5000,  # beyond int()'s 4300-digit limit: ValueError, not a number
    "9" * 24,  # fits int(), overflows every database integer
    "-" + "9" * 24,
    "1e400",
    "\x00",
    "12\x0034",
    "²",  # str.isdigit() is true, int() refuses it
    "١٢",  # Arabic-Indic digits: int() accepts them
    "2026-02-30",
    "0000-00-00",
    "99999-12-31",
    "-1",
]
# Percent-encoded bytes that are not UTF-8, straight into the query string.
INVALID_UTF8_QUERIES = ["page=%FF%FE", "q=%C0%AF&page=%80", "year=%E2%28%A1", "%FF=1"]


class FormReader(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            method = (values.get("method") or "get").lower()
            self.forms.append(
                {"method": method, "action": values.get("action") or "", "names": set(), "hidden": {}}
            )
        elif tag in ("input", "select", "textarea") and self.forms and values.get("name"):
            name = values["name"] or ""
            if name == "csrfmiddlewaretoken":
                self.csrf = values.get("value") or ""
            elif values.get("type") == "hidden":
                self.forms[-1]["hidden"][name] = values.get("value") or ""
            elif values.get("type") != "file":
                self.forms[-1]["names"].add(name)


def read_forms(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


class HostileInputMixin:
    client: Client

    def assert_no_server_error(self, response: Any, what: str) -> None:
        self.assertLess(response.status_code, 500, what)  # type: ignore[attr-defined]

    def throw_at(self, path: str) -> None:
        """Every hostile value at the page's query string and at every form on it."""
        client = self.client
        page = client.get(path)
        self.assert_no_server_error(page, path)
        for query in INVALID_UTF8_QUERIES:
            self.assert_no_server_error(client.get(path, QUERY_STRING=query), f"{path}?{query}")
        forms = read_forms(page.content.decode()).forms
        for value in HOSTILE_VALUES:
            self.assert_no_server_error(client.get(path, {"page": value}), f"{path}?page={value[:30]!r}")
            for number, form in enumerate(forms):
                action = form["action"] or path
                if action.endswith("/logout/"):
                    continue  # it would end the session and leave the rest of the test at the login page
                # Every field the person fills in gets the value, at once and one at a time; hidden
                # fields (steps, one-time tokens) keep what the page gave them, as a browser does.
                for names in [form["names"], *({name} for name in sorted(form["names"]))]:
                    fresh = read_forms(client.get(path).content.decode())
                    hidden = fresh.forms[number]["hidden"] if number < len(fresh.forms) else {}
                    data = {**hidden, **dict.fromkeys(names, value)}
                    if form["method"] == "get":
                        response = client.get(action, data)
                    else:
                        response = client.post(action, {**data, "csrfmiddlewaretoken": fresh.csrf})
                    self.assert_no_server_error(
                        response, f"{form['method']} {action} {names} with {value[:30]!r}"
                    )


class PublicPagesTests(HostileInputMixin, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client = Client(raise_request_exception=False)

    def public_paths(self) -> list[str]:
        with translation.override("nl"):
            names = [page.url_name for page in PUBLIC_PAGES]
            names += [
                "screening:start",
                "intake:new",
                "intake:follow_up",
                "intake:received",
                "statistics:public",
            ]
            paths = [reverse(name) for name in names]
            return [*paths, reverse("screening:questions") + "?audience=citizen"]

    def test_no_public_page_or_form_answers_500(self) -> None:
        for path in self.public_paths():
            with self.subTest(path=path):
                self.throw_at(path)

    def test_the_questionnaire_says_kindly_in_dutch_that_an_age_is_not_an_age(self) -> None:
        path = "/nl/screening/questions/"
        for value in ("9" * 5000, "9" * 24, "²", "-1"):
            with self.subTest(value=value[:10]):
                response = self.client.post(path, {"audience": "citizen", "step": "person", "age": value})
                # The step comes back with the question marked (400, as for any mistake there).
                self.assertContains(response, "Geef de leeftijd in volle jaren", status_code=400)

    def test_a_page_number_that_is_not_a_page_is_not_an_error(self) -> None:
        self.assertEqual(self.client.get("/nl/report/follow-up/", {"page": "9" * 24}).status_code, 200)


class ProfessionalListPagesTests(HostileInputMixin, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client = Client(raise_request_exception=False)

    def check(self, user: Any, names: list[str]) -> None:
        self.login(user, self.client)
        with translation.override("en"):
            paths = [reverse(name) for name in names]
        for path in paths:
            with self.subTest(path=path):
                self.throw_at(path)
                # Still logged in: the page was really tried, not the login page.
                self.assertEqual(self.client.get(path).status_code, 200)

    def test_the_centres_list_pages(self) -> None:
        self.check(self.manager_a, ["cases:list", "cases:deadlines", "referrals:inbox", "screening:list"])

    def test_the_hotline_list_pages(self) -> None:
        self.check(self.operator, ["intake:inbox", "screening:inbox"])

    def test_the_administrators_list_pages(self) -> None:
        self.check(self.admin, ["audit:list", "statistics:index"])

    def test_a_24_digit_page_number_in_the_caseload_shows_a_page(self) -> None:
        self.login(self.manager_a, self.client)
        self.assertEqual(self.client.get("/en/cases/", {"page": "9" * 24}).status_code, 200)
