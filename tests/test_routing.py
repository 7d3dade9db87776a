"""The one-query router of the language roots (home/routing.py) finds what Wagtail's own
Page.route finds, for every page and sub-address, at a fixed small cost (issue 20)."""

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch
from django.utils import translation

from wagtail.models import Locale, Page

import pytest

from forms.models import ApplicationFormPage
from program.models import ProgramPage
from tests.factories import ApplicationFormPageFactory, ContentPageFactory, ResultsPageFactory

pytestmark = pytest.mark.django_db


def components(url):
    return [part for part in url.split("/") if part]


def routed(root, url):
    """(page pk, its class, the routable view's name or None) or "404"."""
    try:
        result = root.route(RequestFactory().get(url), components(url))
    except Http404:
        return "404"
    view = result.args[0].__name__ if result.args else None
    return result.page.pk, type(result.page), view


def wagtails(root, url):
    """What Wagtail's own route (a level at a time) answers from the same root."""
    try:
        result = Page.route(root, RequestFactory().get(url), components(url))
    except Http404:
        return "404"
    view = result.args[0].__name__ if result.args else None
    return result.page.pk, type(result.page), view


def addresses(site):
    """Every page's address, each routable page's sub-addresses, and some that are wrong."""
    urls = []
    for page in Page.objects.descendant_of(site.root_page).specific():
        url = page.get_url_parts()[2]
        urls += [url, f"{url}finnes-ikke/", f"{url}finnes-ikke/heller-ikke/"]
        for pattern in getattr(page, "get_subpage_urls", list)():
            try:
                urls.append(url + page.reverse_subpage(pattern.name))
            except NoReverseMatch:
                pass  # a sub-address with arguments (a personal link)
    return urls + ["/finnes-ikke/", "/program/finnes-ikke/"]


def test_every_address_of_the_seed_site_goes_where_wagtails_router_sends_it(seeded_site):
    root = seeded_site.root_page.specific
    form_page = ApplicationFormPage.objects.live().first()
    ResultsPageFactory(parent=form_page, slug="resultater")
    ApplicationFormPageFactory(parent=form_page, slug="rapport", form_kind="rapport")
    urls = addresses(seeded_site)
    assert len(urls) > 30
    assert any(url.endswith("/kalender/") for url in urls)
    for url in urls:
        assert routed(root, url) == wagtails(root, url), url


def test_a_routable_pages_own_address_and_its_child_page_both_resolve(seeded_site):
    root = seeded_site.root_page.specific
    form_page = ApplicationFormPage.objects.live().first()
    results = ResultsPageFactory(parent=form_page, slug="resultater")
    program = form_page.get_parent()
    assert routed(root, f"{program.url}kalender/") == (
        program.pk,
        program.specific_class,
        "calendar_feed",
    )
    assert routed(root, f"{form_page.url}resultater/")[0] == results.pk
    assert routed(root, f"{form_page.url}lagret/")[:2] == (form_page.pk, ApplicationFormPage)


def test_a_page_that_is_not_live_is_not_found_but_its_live_children_are(seeded_site):
    root = seeded_site.root_page.specific
    hidden = ContentPageFactory(parent=root, slug="skjult", live=False)
    child = ContentPageFactory(parent=hidden, slug="barn")
    assert routed(root, "/skjult/") == "404"
    assert routed(root, "/skjult/barn/")[0] == child.pk
    assert wagtails(root, "/skjult/barn/")[0] == child.pk


def test_a_deep_page_is_found_without_queries_once_known_and_knows_its_parent(seeded_site):
    root = seeded_site.root_page.specific
    form_page = ApplicationFormPage.objects.live().first()
    request = RequestFactory().get(form_page.url)
    first = root.route(request, components(form_page.url)).page
    with CaptureQueriesContext(connection) as queries:
        page = root.route(request, components(form_page.url)).page
        parent = page.get_parent()
    assert len(queries) == 0
    assert type(page) is ApplicationFormPage and type(parent) is ProgramPage
    assert parent.pk == form_page.get_parent().pk
    # Each request gets its own copy: pages are changed while they are rendered.
    assert page is not first and page.get_parent() is not first.get_parent()


def test_a_publish_unpublish_or_new_slug_routes_anew_at_once(seeded_site):
    root = seeded_site.root_page.specific
    page = ContentPageFactory(parent=root, slug="nyhet-a")
    page.save_revision().publish()
    assert routed(root, "/nyhet-a/")[0] == page.pk
    page.slug = "nyhet-b"
    page.save_revision().publish()
    assert routed(root, "/nyhet-a/") == "404"
    assert routed(root, "/nyhet-b/")[0] == page.pk
    page.unpublish()
    assert routed(root, "/nyhet-b/") == "404"


def test_the_root_in_the_active_language_is_its_live_translation(seeded_site):
    root = seeded_site.root_page.specific
    english = root.get_translation(Locale.objects.get(language_code="en"))
    with translation.override("en"):
        assert root.localized.pk == english.pk
        with CaptureQueriesContext(connection) as queries:
            assert root.localized.pk == english.pk
        assert len(queries) == 0
    with translation.override("nb"):
        assert root.localized is root
    english.unpublish()
    with translation.override("en"):
        assert root.localized is root
