"""Stable codes with a label beside them: what the API returns for every value chosen from a list.

``{"code": "second_residence", "label": "Second residence document"}``: programs keep the code
(it never changes, in any language); people read the label, in the language asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext


def coded(code: str | None, labels: Mapping[Any, Any]) -> dict[str, str] | None:
    """``code`` with its label from ``labels`` (a dict or a TextChoices' ``choices``), or None.

    A code missing from ``labels`` keeps the code as its label: never a raw value in a label's
    place in the normal case, never a crash on an old value either.
    """
    if code in (None, ""):
        return None
    label = labels.get(code, code)
    return {"code": str(code), "label": gettext(label) if isinstance(label, str) else str(label)}


def coded_list(codes: list[str], labels: Mapping[Any, Any]) -> list[dict[str, str]]:
    return [item for code in codes if (item := coded(code, labels)) is not None]


def is_coded(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"code", "label"}
