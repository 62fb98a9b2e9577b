"""The screening API: evaluate facts (stores nothing) and list the indicator catalogue.

Both endpoints are public: they hold no personal data and change nothing, so they need neither
authentication nor CSRF protection. Texts follow the request's language (Accept-Language).
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from ninja import Router, Status

from keten.core import indicators
from keten.core.i18n import Message, _
from keten.core.screening import FactsError, screen
from keten.screening.schemas import (
    FactsErrorOut,
    IndicatorOut,
    ScreeningFactsIn,
    ScreeningResultOut,
    inline_json_schema,
)

router = Router(tags=["screening"])


def request_language(request: HttpRequest) -> str:
    """The language the client asked for (a language cookie first, then Accept-Language)."""
    return translation.get_language_from_request(request)


def facts_error(error: FactsError) -> dict[str, Any]:
    return {
        "detail": [
            {
                "loc": ["body", *error.field.split(".")],
                "field": error.field,
                "msg": f"{error.field}: {error.message.render(gettext)}",
                "type": "facts_error",
            }
        ]
    }


def read_json(body: bytes) -> Any:
    """The request body as JSON; an empty body means no facts at all."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    # ValueError also covers integers of thousands of digits; RecursionError, nesting too deep.
    except (ValueError, RecursionError) as error:
        raise FactsError(
            "facts", Message(_("This is not valid JSON (%(error)s)."), {"error": str(error)})
        ) from error


# The body is read and checked by ``parse_facts`` itself (one contract with ``keten screen``);
# the schema below documents exactly what it accepts.
_REQUEST_BODY = {
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": inline_json_schema(ScreeningFactsIn)}},
    }
}


@router.post(
    "/screenings/evaluate",
    response={200: ScreeningResultOut, 422: FactsErrorOut},
    auth=None,
    summary="Evaluate the facts of a screening (stores nothing)",
    openapi_extra=_REQUEST_BODY,
)
def evaluate_screening(request: HttpRequest, response: HttpResponse) -> Status[dict[str, Any]]:
    """Open to everyone. Qualifies the situation under Belgian law, weighs the indicators, says how
    urgent it is and what to do now. Unknown keys or values answer 422 naming the field."""
    language = request_language(request)
    response["Content-Language"] = language
    with translation.override(language):
        try:
            return Status(200, screen(read_json(request.body), translate=gettext, today=timezone.localdate()))
        except FactsError as error:
            return Status(422, facts_error(error))


@router.get("/indicators", response=list[IndicatorOut], auth=None, summary="The indicator catalogue")
def list_indicators(request: HttpRequest, response: HttpResponse) -> list[dict[str, Any]]:
    """Open to everyone. Every indicator with its id (to use in ``indicators``), label, group,
    dimension and strength; labels in the language asked for (Accept-Language)."""
    language = request_language(request)
    response["Content-Language"] = language
    with translation.override(language):
        return [
            {
                "id": item.id,
                "label": gettext(item.label),
                "group": item.group,
                "group_label": gettext(indicators.GROUP_LABELS[item.group]),
                "dimension": item.dimension,
                "dimension_label": gettext(indicators.DIMENSION_LABELS[item.dimension])
                if item.dimension
                else None,
                "strength": item.strength,
                "strength_source": item.strength_source,
                "forms": list(item.forms),
                "applies_to": item.applies_to,
                "ongoing_control": item.ongoing_control,
                "source": item.source,
                "same_as": list(indicators.same_as(item.id)),
            }
            for item in indicators.CATALOGUE
        ]
