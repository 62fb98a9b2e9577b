"""The public information pages: one list feeds the URLs, the navigation, the sitemap and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Page:
    """A public page: its URL name in the ``knowledge`` namespace, its path under /<lang>/, its texts."""

    name: str
    path: str
    title: StrOrPromise
    description: StrOrPromise

    @property
    def url_name(self) -> str:
        return f"knowledge:{self.name}"

    @property
    def template(self) -> str:
        return f"knowledge/{self.name}.html"


HOME = Page(
    "home",
    "",
    _("Human trafficking: information and help"),
    _(
        "What human trafficking is, how to recognise it and where to "
        "find help in Belgium, free and confidential."
    ),
)
HELP = Page(
    "help",
    "help/",
    _("Get help now"),
    _(
        "Numbers to call, how to report a situation and the three "
        "specialised centres that help victims in Belgium."
    ),
)
WHICH_CENTRE = Page(
    "which_centre",
    "help/which-centre/",
    _("Which centre can help you?"),
    _("Enter a Belgian postal code to see which specialised centre is closest to you."),
)
EASY_READ = Page(
    "easy_read",
    "easy-read/",
    _("Easy read: human trafficking"),
    _("The most important facts about human trafficking and help, in short and simple sentences."),
)
SAFETY = Page(
    "safety",
    "staying-safe-online/",
    _("Staying safe online"),
    _(
        "How to visit this site and make a report without leaving a trail on your phone or computer, "
        "and what Keten keeps and does not keep."
    ),
)

# The information pages, in reading order.
INFORMATION_PAGES: tuple[Page, ...] = (
    Page(
        "what_is_trafficking",
        "what-is-trafficking/",
        _("What is human trafficking?"),
        _(
            "The two elements of human trafficking under Belgian law, why borders "
            "do not matter, and why consent matters only for forced criminality."
        ),
    ),
    Page(
        "forms",
        "forms-of-exploitation/",
        _("Forms of exploitation"),
        _("The forms of exploitation in Belgian law, and the places and sectors where they happen."),
    ),
    Page(
        "smuggling",
        "smuggling/",
        _("Smuggling is not trafficking"),
        _(
            "How smuggling people across borders differs from human "
            "trafficking, and how one can lead to the other."
        ),
    ),
    Page(
        "victims",
        "victims-and-exploiters/",
        _("Who are the victims and the exploiters?"),
        _(
            "Anyone can become a victim of human trafficking, in Belgium "
            "too. Who the exploiters are and how they work."
        ),
    ),
    Page(
        "recognise",
        "recognising-a-victim/",
        _("How to recognise a possible victim"),
        _("Signs that someone may be a victim of human trafficking, and what to do when you see them."),
    ),
    Page(
        "impact",
        "impact/",
        _("What trafficking does to victims"),
        _("The harm human trafficking does to body, mind and life, and why recovery takes time."),
    ),
    Page(
        "protection",
        "protection/",
        _("Protection for victims in Belgium"),
        _(
            "The Belgian protection procedure for victims: its three "
            "conditions, its stages and the three centres."
        ),
    ),
    Page(
        "chain",
        "chain-of-partners/",
        _("The chain of partners"),
        _(
            "Who does what against human trafficking in Belgium: police, "
            "inspection, justice, centres and others."
        ),
    ),
)

PUBLIC_PAGES: tuple[Page, ...] = (HOME, *INFORMATION_PAGES, HELP, WHICH_CENTRE, EASY_READ, SAFETY)
PAGES_BY_NAME: dict[str, Page] = {page.name: page for page in PUBLIC_PAGES}


def optional_url(name: str) -> str | None:
    """The URL of a page another app provides, or ``None`` while that app does not offer it yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
