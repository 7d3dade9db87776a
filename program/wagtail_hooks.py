"""Warn editors when free text names a date the program no longer has. Never a block."""

from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail import hooks

from .dates_in_text import stale_mentions


def stale_date_warnings(page):
    """Norwegian warnings, one per date mentioned in a text that none of the dates says.

    A program is checked together with its children that take their dates from it (the
    application form): their texts go stale when the program's dates move.
    """
    if not hasattr(page, "dated_texts"):
        return []
    spans = page.date_spans()
    checked = [page, *(page.dated_children() if hasattr(page, "dated_children") else [])]
    warnings = []
    for checked_page in checked if spans else []:
        for field, text in checked_page.dated_texts():
            for mention in stale_mentions(text, spans):
                warnings.append(
                    _(
                        "«%(date)s» i feltet «%(field)s» på «%(page)s» stemmer ikke med "
                        "programmets datoer. Se over teksten."
                    )
                    % {"date": mention.text, "field": capfirst(field), "page": checked_page.title}
                )
    return warnings


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_stale_dates(request, page):
    for warning in stale_date_warnings(page.specific):
        messages.warning(request, warning)
