"""Addresses of case pages without a ``reverse()`` per row or per button.

``reverse()`` walks the URL patterns each time (about 0.1 ms). A list of 50 files, or the case
page with its twenty buttons, asks for the same few patterns again and again: each pattern is
reversed once per language and script prefix with marker numbers, and the real ids are put in
their place. Only the shape of the address is kept, never anything about a case or a person.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Numbers no address of the patterns contains otherwise; each stands for one keyword argument.
_MARKERS = (987654321, 987654322, 987654323)


@lru_cache(maxsize=512)
def _shape(
    name: str, keys: tuple[str, ...], _resolver: object, _prefix: str, _language: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The address split around the markers (text, argument, text, ...) and the arguments' order."""
    address = reverse(name, kwargs=dict(zip(keys, _MARKERS, strict=False)))
    found = sorted((address.find(str(marker)), key) for key, marker in zip(keys, _MARKERS, strict=False))
    if any(position < 0 for position, _key in found):
        raise ValueError(f"{name}: the address does not show all its arguments")
    parts: list[str] = []
    start = 0
    for position, key in found:
        parts.append(address[start:position])
        start = position + len(str(_MARKERS[keys.index(key)]))
    parts.append(address[start:])
    return tuple(parts), tuple(key for _position, key in found)


def path_to(name: str, **kwargs: int) -> str:
    """``reverse(name, kwargs=kwargs)`` for integer arguments, at the cost of a string join."""
    if len(kwargs) > len(_MARKERS):
        raise ValueError(f"{name}: too many arguments")
    resolver = get_resolver(get_urlconf())
    parts, order = _shape(name, tuple(kwargs), resolver, get_script_prefix(), get_language())
    out = [parts[0]]
    for key, text in zip(order, parts[1:], strict=True):
        out.append(str(int(kwargs[key])))
        out.append(text)
    return "".join(out)


def case_paths(name: str) -> Callable[[int], str]:
    """A maker of one pattern's addresses by case id, for a list: ``case_paths("cases:detail")(12)``."""
    head, tail = path_to(name, case_id=_MARKERS[0]).split(str(_MARKERS[0]))

    def make(case_id: int) -> str:
        return f"{head}{int(case_id)}{tail}"

    return make


def case_path(name: str, case_id: int) -> str:
    """The address of one of a case's pages, e.g. ``case_path("cases:move", 12)``."""
    return path_to(name, case_id=case_id)
