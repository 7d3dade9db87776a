"""What the search page suggests when nothing was found.

Home is the lowest page app, so it cannot ask the program app for its open calls. Each app
registers a provider from its AppConfig.ready(): a function (request, locale) that returns a
Suggestions (a heading and links) or None to say nothing. The contact from the site settings
always follows them, in the template.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""  # a short line under the link, e.g. «Søknadsfrist 1. mars»


@dataclass(frozen=True)
class Suggestions:
    heading: str
    links: list = field(default_factory=list)


@dataclass(frozen=True)
class Provider:
    name: str
    suggest: Callable  # (request, locale) -> Suggestions | None
    order: int = 100


_providers: dict[str, Provider] = {}


def register(name, suggest, order=100):
    """Add (or replace, by name) a provider of suggestions."""
    _providers[name] = Provider(name, suggest, order)


def registered():
    return sorted(_providers.values(), key=lambda provider: (provider.order, provider.name))


def suggestions_for(request, locale):
    """[Suggestions] from every provider that has links to show."""
    found = []
    for provider in registered():
        suggestions = provider.suggest(request, locale)
        if suggestions and suggestions.links:
            found.append(suggestions)
    return found
