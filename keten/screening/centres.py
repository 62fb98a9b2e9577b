"""How to reach the three specialised centres and the hotline (domain REFERENCE §5).

The knowledge app will hold the full centre pages; the result page only needs a name and a
number to call, so they are kept here to stay independent of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from keten.core import regions


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    city: str

    @property
    def tel(self) -> str:
        return tel(self.phone)


CENTRES: dict[str, Contact] = {
    regions.PAG_ASA: Contact("PAG-ASA", "+32 2 511 64 64", "Brussel · Bruxelles"),
    regions.PAYOKE: Contact("Payoke", "+32 3 201 16 90", "Antwerpen"),
    regions.SURYA: Contact("Sürya", "+32 4 232 40 30", "Liège"),
}


def tel(number: str) -> str:
    """A ``tel:`` address for a phone number as people write it."""
    return "tel:" + "".join(character for character in number if character.isdigit() or character == "+")
