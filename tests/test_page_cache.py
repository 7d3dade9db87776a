"""Published pages come from the cache for anonymous visitors, and are never stale."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import ContentPage, SiteSettings
from tests.conftest import oslo
from tests.factories import GatheringFactory, ProgramIndexPageFactory, ProgramPageFactory
from tests.page_editor import staff_user
from tests.text import visible_text

pytestmark = pytest.mark.django_db


def cached_get(client, url):
    """GET twice; return the second response and the queries it cost."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    page = ProgramPageFactory(parent=index, title="Veiledning for kulturskoleutvikling")
    GatheringFactory(
        page=page,
        date=datetime.date(2026, 8, 26),
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        title="Digital KickOff",
    )
    GatheringFactory(
        page=page,
        date=datetime.date(2026, 9, 25),
        start_time=None,
        end_time=None,
        title="Fysisk ledersamling",
    )
    return page


# Serving from the cache


def test_a_second_anonymous_visit_is_served_without_the_database(client, seeded_site):
    first = client.get("/strategi/")
    second, queries = cached_get(client, "/strategi/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert queries == 0
    assert second.content == first.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/strategi/",
        "/program/",
        "/program/veiledning-for-kulturskoleutvikling/",
        "/personvern/",
        "/en/",
        "/en/strategy/",
    ],
)
def test_every_public_page_type_is_cached(client, seeded_site, url):
    response, queries = cached_get(client, url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert queries == 0


def test_each_language_has_its_own_entry(client, seeded_site):
    cached_get(client, "/strategi/")
    english, _ = cached_get(client, "/en/strategy/")
    assert '<html lang="en">' in english.content.decode()
    norwegian, _ = cached_get(client, "/strategi/")
    assert '<html lang="nb">' in norwegian.content.decode()


def test_forms_search_and_query_strings_are_not_cached(client, seeded_site):
    form_url = "/program/veiledning-for-kulturskoleutvikling/soknad/"
    for url in (form_url, "/sok/?q=kulturskole", "/strategi/?utm_source=nyhetsbrev"):
        response, queries = cached_get(client, url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert queries > 0


def test_unknown_addresses_are_not_cached(client, seeded_site):
    response, queries = cached_get(client, "/finnes-ikke/")
    assert response.status_code == 404
    assert queries > 0


# Signed-in editors and previews


def test_signed_in_editors_are_never_served_or_stored(client, seeded_site):
    cached_get(client, "/strategi/")  # an anonymous copy is in the cache
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.com", "pw")
    client.force_login(editor)
    response, queries = cached_get(client, "/strategi/")
    assert "X-Page-Cache" not in response
    assert queries > 0
    assert "wagtail-userbar" in response.content.decode()
    assert "private" in response["Cache-Control"]

    client.logout()
    client.cookies.clear()
    anonymous = client.get("/strategi/")
    assert anonymous["X-Page-Cache"] == "hit"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_a_preview_shows_the_draft_and_the_public_keeps_the_published_page(client, seeded_site):
    page = ContentPage.objects.get(slug="personvern")
    cached_get(client, "/personvern/")
    page.title = "Utkast som ikke er publisert"
    page.save_revision()
    preview = page.make_preview_request()
    assert "Utkast som ikke er publisert" in preview.content.decode()
    public = client.get("/personvern/")
    assert "Utkast som ikke er publisert" not in public.content.decode()


# Purging


def test_publishing_a_page_updates_it_and_the_menus_of_other_pages(client, seeded_site):
    cached_get(client, "/")
    cached_get(client, "/strategi/")
    strategy = Page.objects.get(url_path="/home/strategi/").specific
    publish(strategy, title="Strategi 2030")
    assert "Strategi 2030" in visible_text(client.get("/strategi/").content.decode())
    home = client.get("/")
    assert home["X-Page-Cache"] == "miss"
    menu = home.content.decode().split('class="main-nav')[1].split("</nav>")[0]
    assert "Strategi 2030" in menu


def test_a_page_stored_between_the_change_and_its_commit_is_not_served(
    client, seeded_site, django_capture_on_commit_callbacks
):
    """A visitor's request can render from the old rows while the publish is still
    uncommitted and store that page under the generation the publish just started; the
    second new generation, after the commit, keeps it from being served."""
    cached_get(client, "/strategi/")
    strategy = Page.objects.get(url_path="/home/strategi/").specific
    with django_capture_on_commit_callbacks(execute=True):
        publish(strategy, title="Strategi 2030")
        # Another request renders the page before the commit (on PostgreSQL it would see the
        # old rows) and stores it under the generation the change just started.
        assert client.get("/strategi/")["X-Page-Cache"] == "miss"
        assert client.get("/strategi/")["X-Page-Cache"] == "hit"
    after_commit = client.get("/strategi/")
    assert after_commit["X-Page-Cache"] == "miss"
    assert "Strategi 2030" in visible_text(after_commit.content.decode())


def test_unpublishing_deleting_and_moving_purge(client, seeded_site):
    privacy = ContentPage.objects.get(slug="personvern")
    accessibility = ContentPage.objects.get(slug="tilgjengelighetserklaering")
    strategy = Page.objects.get(url_path="/home/strategi/")

    cached_get(client, "/personvern/")
    privacy.unpublish()
    assert client.get("/personvern/").status_code == 404

    cached_get(client, "/tilgjengelighetserklaering/")
    accessibility.move(strategy, pos="last-child")
    # Wagtail leaves a redirect from the old address to the new one.
    assert client.get("/tilgjengelighetserklaering/")["Location"] == (
        "/strategi/tilgjengelighetserklaering/"
    )
    assert client.get("/strategi/tilgjengelighetserklaering/").status_code == 200

    cached_get(client, "/strategi/tilgjengelighetserklaering/")
    Page.objects.get(pk=accessibility.pk).delete()
    assert client.get("/strategi/tilgjengelighetserklaering/").status_code == 404


def test_a_page_made_private_in_wagtails_dialog_leaves_the_cache_at_once(
    client, seeded_site, django_user_model
):
    """Wagtail checks a page's privacy when it serves it; a hit is answered before that, so
    setting privacy (a restriction row, no publish) must start a new generation."""
    strategy = Page.objects.get(url_path="/home/strategi/")
    cached_get(client, "/strategi/")
    moderator = Client()
    moderator.force_login(staff_user(django_user_model, "moderator", "Moderatorer"))
    response = moderator.post(
        reverse("wagtailadmin_pages:set_privacy", args=[strategy.pk]),
        {"restriction_type": PageViewRestriction.LOGIN},
    )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=strategy).exists()

    private = client.get("/strategi/")
    assert private.status_code == 302
    assert private["Location"] == "/_util/login/?next=/strategi/"
    assert "X-Page-Cache" not in private

    # Public again through the same dialog: the page is served, and cached, again.
    moderator.post(
        reverse("wagtailadmin_pages:set_privacy", args=[strategy.pk]),
        {"restriction_type": "none"},
    )
    assert not PageViewRestriction.objects.filter(page=strategy).exists()
    assert cached_get(client, "/strategi/")[0]["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("group", ["Redaktører", "Søknadsbehandlere"])
def test_who_may_not_publish_may_not_make_a_page_private(
    client, seeded_site, django_user_model, group
):
    """Wagtail's privacy dialog asks for the right to publish: an editor's change of privacy
    would bypass moderation as a publish would."""
    strategy = Page.objects.get(url_path="/home/strategi/")
    client.force_login(staff_user(django_user_model, "ansatt", group))
    url = reverse("wagtailadmin_pages:set_privacy", args=[strategy.pk])
    # Wagtail refuses by a redirect to the dashboard with a message. (With the right to
    # publish granted to the group, both would answer 200 and the restriction be made.)
    assert client.get(url).status_code == 302
    response = client.post(url, {"restriction_type": PageViewRestriction.LOGIN})
    assert response.status_code == 302
    assert not PageViewRestriction.objects.exists()


def test_changing_site_settings_updates_every_page(client, seeded_site):
    cached_get(client, "/strategi/")
    site_settings = SiteSettings.for_site(seeded_site)
    site_settings.phone = "+47 22 00 00 00"
    site_settings.save()
    response = client.get("/strategi/")
    assert response["X-Page-Cache"] == "miss"
    assert 'href="tel:+4722000000"' in response.content.decode()


def test_page_cache_seconds_zero_turns_it_off(client, seeded_site):
    with override_settings(PAGE_CACHE_SECONDS=0):
        response, queries = cached_get(client, "/strategi/")
    assert "X-Page-Cache" not in response
    assert queries > 0


# The clock: never stale across a boundary


def status_text(client, page):
    return visible_text(client.get(page.url).content.decode())


def test_a_cached_program_page_closes_at_the_deadline(client, program, clock):
    clock(oslo(2026, 4, 13, 23, 58, 0))
    assert "Søknadsportalen er åpen" in status_text(client, program)
    assert client.get(program.url)["X-Page-Cache"] == "hit"

    clock(oslo(2026, 4, 13, 23, 59, 0, 1))  # a microsecond past the deadline
    text = status_text(client, program)
    assert "Søknadsportalen er stengt" in text
    assert "Søknadsportalen er åpen" not in text


def test_a_cached_program_page_opens_at_the_opening(client, program, clock):
    clock(oslo(2026, 3, 19, 12, 59, 59))
    assert "Søknadsportalen er ikke åpnet ennå" in status_text(client, program)
    clock(oslo(2026, 3, 19, 13, 0))
    assert "Søknadsportalen er åpen" in status_text(client, program)


def test_days_left_change_at_midnight(client, program, clock):
    clock(oslo(2026, 4, 1, 23, 59, 59))
    assert "12 dager igjen" in status_text(client, program)
    clock(oslo(2026, 4, 2, 0, 0))
    assert "11 dager igjen" in status_text(client, program)


def test_the_next_gathering_moves_on_when_one_ends(client, program, clock):
    clock(oslo(2026, 8, 26, 12, 59))
    assert "Neste samling Onsdag 26. august 2026, kl. 10–13: Digital KickOff" in status_text(
        client, program
    )
    clock(oslo(2026, 8, 26, 13, 0))
    assert "Neste samling Fredag 25. september 2026: Fysisk ledersamling" in status_text(
        client, program
    )


def test_the_program_listing_follows_the_clock_too(client, program, clock):
    index = program.get_parent()
    clock(oslo(2026, 4, 13, 23, 0))
    assert "Søknadsportalen er åpen" in status_text(client, index)
    clock(oslo(2026, 4, 14, 0, 0))
    assert "Søknadsportalen er åpen" not in status_text(client, index)


def test_between_boundaries_the_page_stays_cached(client, program, clock):
    clock(oslo(2026, 4, 1, 9, 0))
    client.get(program.url)
    clock(oslo(2026, 4, 1, 9, 5))
    assert client.get(program.url)["X-Page-Cache"] == "hit"


# A CDN in front


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


FRONTEND_CACHE = {"cdn": {"BACKEND": "tests.test_page_cache.RecordingBackend"}}


@override_settings(
    WAGTAILFRONTENDCACHE=FRONTEND_CACHE,
    WAGTAILFRONTENDCACHE_LANGUAGES=[],
    PAGE_CACHE_SECONDS=24 * 3600,
)
def test_a_cdn_is_told_how_long_to_keep_a_page_and_purged_on_publish(
    client, program, clock, django_capture_on_commit_callbacks
):
    clock(oslo(2026, 4, 13, 23, 0))
    response = client.get(program.url)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    # 59 minutes to the deadline: the CDN may not keep the page a second longer.
    assert "s-maxage=3540" in cache_control

    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(program, intro="Ny ingress")
    purged = set(RecordingBackend.purged)
    assert "http://localhost/program/" in purged  # the listing shows the program too
    assert "http://localhost/" in purged


def test_the_cdn_is_chosen_by_environment_variables():
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081",
        "CLOUDFLARE_ZONE_ID": "zone-1",
        "CLOUDFLARE_API_TOKEN": "token-1",
    }
    code = "import json, website.settings.base as s; print(json.dumps(s.WAGTAILFRONTENDCACHE))"
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    backends = json.loads(output)
    assert backends["proxy"]["LOCATION"] == "http://varnish.internal:6081"
    assert backends["cloudflare"]["ZONEID"] == "zone-1"
    assert backends["cloudflare"]["BEARER_TOKEN"] == "token-1"
    assert "cloudfront" not in backends
