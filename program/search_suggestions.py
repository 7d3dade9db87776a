"""The search page's suggestion when nothing was found: the programs that take applications
now or will soon, from their date fields (registered in ProgramConfig.ready())."""

from django.utils import timezone
from django.utils.translation import gettext as _

from home.search_suggestions import Link, Suggestions

from .application_window import WindowState
from .window_texts import card_line


def open_and_upcoming_calls(request, locale):
    from .models import ProgramPage

    now = timezone.now()
    pages = (
        ProgramPage.objects.live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .order_by("path")
    )
    links = []
    # Translations take their dates from the Norwegian page (one query for all of them).
    for page in ProgramPage.with_source_facts(pages):
        status = page.application_status(now)
        if status is None or status.state is WindowState.CLOSED:
            continue
        links.append((status.closes, Link(page.title, page.get_url(request), card_line(status))))
    links.sort(key=lambda item: item[0])
    return Suggestions(_("Åpne og kommende utlysninger"), [link for _closes, link in links])
