"""The front page's sections about what is current, filled in by the apps above home.

Home is the lowest page app, so it cannot ask the program or news apps for their content.
Instead each app registers a section from its AppConfig.ready(): a template and a function
that returns the template's context for a home page (or None to leave the section out).
The home page renders the sections in their `order`, before the strategy links.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable  # (home_page, request) -> dict | None
    order: int = 100


_sections: dict[str, Section] = {}


def register(name, template, context, order=100):
    """Add (or replace, by name) a section of the front page."""
    _sections[name] = Section(name, template, context, order)


def registered():
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def sections_for(home_page, request):
    """[(template, context)] for the sections that have something to show."""
    shown = []
    for section in registered():
        context = section.context(home_page, request)
        if context:
            shown.append((section.template, context))
    return shown
