"""Which centre to contact: the region rule of ``keten.core.regions`` applied to the stored centres."""

from __future__ import annotations

from dataclasses import dataclass

from keten.core import regions
from keten.knowledge.models import Centre


@dataclass(frozen=True)
class CentreAdvice:
    """The centres for a postal code: ``centres`` holds every centre, the recommended one first.

    ``recommended`` is ``None`` only when no centre is in the database at all.
    """

    postal_code: str
    region: str
    recommended: Centre | None
    centres: tuple[Centre, ...]


def advise_centres(postal_code: str) -> CentreAdvice:
    """Recommend a centre for a Belgian postal code; raises ``regions.PostalCodeError`` when invalid.

    The region comes from the postal-code table of ``keten.core.regions``. The first centre whose
    ``regions`` (edited by administrators) include that region is recommended; when none does,
    Keten's default routing ``regions.REGION_CENTRE`` decides. Every other centre follows: any
    centre may be contacted from anywhere in Belgium.
    """
    recommendation = regions.recommend_centres(postal_code)
    centres = list(Centre.objects.all())
    serving = [centre for centre in centres if recommendation.region in centre.regions]
    by_slug = {centre.slug: centre for centre in centres}
    recommended = serving[0] if serving else by_slug.get(recommendation.recommended)
    if recommended is None and centres:
        recommended = centres[0]
    ordered = ([recommended] if recommended else []) + [centre for centre in centres if centre != recommended]
    return CentreAdvice(
        postal_code=recommendation.postal_code,
        region=recommendation.region,
        recommended=recommended,
        centres=tuple(ordered),
    )
