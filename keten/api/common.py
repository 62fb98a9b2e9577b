"""What every list and read of the API shares: the language asked for, and paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from ninja import Schema
from pydantic import Field

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000  # a larger OFFSET only makes the database work for nothing


class Language(Schema):
    lang: str | None = Field(
        None,
        description="The language of the labels and messages (nl, fr, en, de); "
        "without it, the Accept-Language header decides.",
    )


class Paging(Language):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items, at most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def language_of(request: HttpRequest, asked: str | None) -> str:
    """``?lang=`` when it names a language the site offers, else the request's own language."""
    offered = {code for code, _name in settings.LANGUAGES}
    if asked and asked in offered:
        return asked
    return translation.get_language_from_request(request)


@contextmanager
def answered_in(request: HttpRequest, asked: str | None) -> Iterator[str]:
    language = language_of(request, asked)
    with translation.override(language):
        yield language


def page(
    request: HttpRequest, rows: QuerySet[Any], paging: Paging, render: Callable[[Any], dict[str, Any]]
) -> tuple[dict[str, Any], list[Any]]:
    """One page of ``rows`` (already in a stable order) with links to the pages around it, and
    the objects shown (for the audit trail). ``count`` is the number of items in all pages."""
    count = rows.count()
    shown = list(rows[paging.offset : paging.offset + paging.limit])

    def link(offset: int) -> str:
        query = request.GET.copy()
        query["offset"] = str(offset)
        query["limit"] = str(paging.limit)
        return f"{request.path}?{query.urlencode()}"

    following = paging.offset + paging.limit
    return (
        {
            "count": count,
            "limit": paging.limit,
            "offset": paging.offset,
            "next": link(following) if following < count else None,
            "previous": link(max(0, paging.offset - paging.limit)) if paging.offset > 0 else None,
            "results": [render(row) for row in shown],
        },
        shown,
    )


class Coded(Schema):
    code: str
    label: str
