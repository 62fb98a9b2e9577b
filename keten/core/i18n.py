"""Marking user-facing strings in ``keten.core`` without importing Django.

Core stays free of Django, yet its messages must reach the translation catalogues. The convention:

- ``_`` returns its argument unchanged. It only marks a literal so that ``makemessages`` (which
  knows ``_`` as a gettext keyword) extracts it into the nl, fr and en catalogues. Always call it
  on a literal string, never on a variable.
- Core never formats a message itself. A text with variables uses named ``%(name)s`` placeholders
  and travels as a :class:`Message`: the marked text plus its parameters.
- The Django layer translates at render time: ``gettext(message.text) % params``. :func:`render`
  does exactly that for any ``translate`` callable (Django passes ``gettext``; tests and the API
  snapshot may pass the identity). A parameter may itself be a :class:`Message` (or a tuple of
  them, joined with commas), such as the name of a form of exploitation; it is translated first.
- A message without parameters is never %-formatted, so a literal ``%`` in it needs no escaping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

Translate: TypeAlias = Callable[[str], str]
ParamValue: TypeAlias = "str | int | Message | tuple[Message, ...]"


def _(message: str) -> str:
    return message


def identity(message: str) -> str:
    """The default ``translate``: leave the (English) source text as it is."""
    return message


@dataclass(frozen=True)
class Message:
    """A marked text and the values for its ``%(name)s`` placeholders, not yet translated."""

    text: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def render(self, translate: Translate = identity) -> str:
        return render(self, translate)

    def to_dict(self) -> dict[str, Any]:
        """The untranslated form, JSON-serialisable, so a stored result can be rendered again."""
        return {
            "text": self.text,
            "params": {name: _param_to_json(value) for name, value in sorted(self.params.items())},
        }


def render(message: Message, translate: Translate = identity) -> str:
    """Translate a message and fill in its parameters (translated first when they are messages)."""
    text = translate(message.text)
    if not message.params:
        return text
    values = {name: _render_param(value, translate) for name, value in message.params.items()}
    return text % values


def _render_param(value: ParamValue, translate: Translate) -> str | int:
    if isinstance(value, Message):
        return render(value, translate)
    if isinstance(value, tuple):
        return ", ".join(render(item, translate) for item in value)
    return value


def _param_to_json(value: ParamValue) -> Any:
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, tuple):
        return [item.to_dict() for item in value]
    return value
