"""Sections that apps above program add to every program page (e.g. its latest news).

Program cannot import the apps above it, so they register here from AppConfig.ready(): a
template and a function (program_page, request) -> context dict, or None to leave it out.
"""

from home.front_page import Section

_sections: dict[str, Section] = {}


def register(name, template, context, order=100):
    _sections[name] = Section(name, template, context, order)


def sections_for(program_page, request):
    """[(template, context)] for the sections that have something to show."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(program_page, request)
        if context:
            shown.append((section.template, context))
    return shown
