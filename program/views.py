"""The site-wide calendar feed: every program's gatherings in the visitor's language."""

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from wagtail.models import Locale, Site

from .calendar import site_calendar
from .models import ProgramPage


def calendar_programs():
    """The live, public programs in the active language, each with its Norwegian facts and
    its gatherings (and its source's) in a fixed number of queries, however many there are."""
    pages = ProgramPage.with_source_facts(
        ProgramPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .defer_streamfields()
        .order_by("path")
    )
    # A translation shows its Norwegian page's gatherings with its own texts: both prefetched.
    rows_of = {id(page): page for page in [*pages, *(page.fact_source for page in pages)]}
    prefetch_related_objects(list(rows_of.values()), "gatherings")
    return pages


@require_safe
def site_calendar_feed(request):
    """/kalender.ics (and /en/kalender.ics): served and cached like a program's own feed."""
    site = Site.find_for_request(request)
    response = HttpResponse(
        site_calendar(calendar_programs(), site, request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    # The page cache stores it as it stores a page (website/page_cache.py): purged when
    # content changes, so a newly published gathering shows at once.
    request.page_cache_allowed = True
    return response
