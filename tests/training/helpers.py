"""Shared set-up for the training tests: the named people plus two trainers, and a way to answer a case."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from keten.accounts.models import User
from keten.accounts.roles import Role
from keten.screening import questionnaire as q
from keten.training.library import get_case
from tests.base import KetenTestCase, make_person


def answers_for(case_id: str) -> dict[str, Any]:
    """The form answers that give exactly the case's facts (a trainee who gets everything right)."""
    case = get_case(case_id)
    assert case is not None
    return q.from_facts(case.facts)


def posted(answers: dict[str, Any], step: str = "danger") -> dict[str, Any]:
    """The last step's form, as the browser sends it (empty values are simply not sent)."""
    data: dict[str, Any] = {"step": step, "go": "next"}
    for name, value in answers.items():
        if value:
            data[name] = value
    return data


class TrainingTestCase(KetenTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trainer = make_person("trainer@pag-asa.example", cls.centre_a, Role.TRAINER)
        cls.police_trainer = make_person("trainer@police.example", cls.police, Role.TRAINER)

    def setUp(self) -> None:
        super().setUp()
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def answer(self, user: User, case_id: str, answers: dict[str, Any] | None = None) -> Any:
        client = self.login(user, Client())
        data = posted(answers_for(case_id) if answers is None else answers)
        return client.post(reverse("training:answer", args=[case_id]), data)
