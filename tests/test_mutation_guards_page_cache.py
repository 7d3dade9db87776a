"""Which changes empty the page cache, checked where mutation testing (docs/mutation.md)
found it unguarded: the signals are connected once at start-up, before any test runs, so
here they are connected again to fresh signals and sent by hand."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.db.models import signals as model_signals
from django.dispatch import Signal

from wagtail import signals as wagtail_signals
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Site

from forms.models import ApplicationSubmission
from home.models import HomePage, SiteSettings
from website.page_cache_purge import connect_purge_signals, content_models

PAGE_SIGNALS = ("page_published", "page_unpublished", "post_page_move")


def test_content_models_are_pages_settings_media_sites_locales_and_page_inlines():
    from wagtail.contrib.forms.models import AbstractFormField

    models = set(content_models())
    assert {HomePage, SiteSettings, Image, Document, Site, Locale} <= models
    # Rows edited inside a page (the form's fields) change what it shows too.
    assert any(issubclass(model, AbstractFormField) for model in models)
    assert not {ApplicationSubmission, get_user_model()} & models


def test_saving_or_deleting_content_and_publishing_or_moving_pages_purges():
    fresh = {name: Signal() for name in ("post_save", "post_delete", *PAGE_SIGNALS)}
    with (
        mock.patch.object(model_signals, "post_save", fresh["post_save"]),
        mock.patch.object(model_signals, "post_delete", fresh["post_delete"]),
        mock.patch.multiple(wagtail_signals, **{name: fresh[name] for name in PAGE_SIGNALS}),
        mock.patch("website.page_cache_purge.purge") as purge,
    ):
        connect_purge_signals()
        for name in ("post_save", "post_delete"):
            fresh[name].send(sender=HomePage, instance=None)
            fresh[name].send(sender=ApplicationSubmission, instance=None)
        assert purge.call_count == 2  # the page, not the application
        for name in PAGE_SIGNALS:
            fresh[name].send(sender=HomePage, instance=None)
        assert purge.call_count == 2 + len(PAGE_SIGNALS)


def test_the_next_clock_change_is_remembered_per_generation():
    import datetime

    from django.utils import timezone

    from website.page_cache import content_valid_until

    now = timezone.now()
    later, sooner = now + datetime.timedelta(hours=5), now + datetime.timedelta(hours=1)
    with mock.patch("website.page_cache.next_content_change", return_value=later):
        assert content_valid_until(now, "g1") == later
    # New content (a new generation) may change sooner, by a deadline of its own.
    with mock.patch("website.page_cache.next_content_change", return_value=sooner):
        assert content_valid_until(now, "g2") == sooner
        assert content_valid_until(now, "g1") == later


def test_a_cdn_keeps_a_page_as_long_as_the_cache_and_browsers_always_ask_again(settings):
    import datetime

    from django.http import HttpResponse
    from django.utils import timezone

    from website.page_cache import PageCacheMiddleware

    now = timezone.now()
    response = HttpResponse()
    PageCacheMiddleware._set_shared_max_age(response, now + datetime.timedelta(seconds=90), now)
    assert "Cache-Control" not in response  # no CDN configured
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "some.cdn.Backend"}}
    PageCacheMiddleware._set_shared_max_age(response, now + datetime.timedelta(seconds=90), now)
    parts = {part.strip() for part in response["Cache-Control"].split(",")}
    assert parts == {"public", "max-age=0", "s-maxage=90"}


def test_a_page_served_in_its_last_second_tells_a_cdn_to_keep_it_for_none(settings):
    import datetime

    from django.http import HttpResponse
    from django.utils import timezone

    from website.page_cache import PageCacheMiddleware

    # A hit may be served just after its moment (the cache's timeout is whole seconds).
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "some.cdn.Backend"}}
    now = timezone.now()
    response = HttpResponse()
    PageCacheMiddleware._set_shared_max_age(response, now - datetime.timedelta(seconds=1), now)
    assert "s-maxage=0" in response["Cache-Control"]


def _clock_pages(*moments):
    """Page types whose next clock change is each of `moments` (None: none)."""
    models = [mock.Mock(**{"next_content_change.return_value": moment}) for moment in moments]
    return mock.patch("website.page_cache.clock_page_models", return_value=models)


def test_the_next_clock_change_is_the_soonest_one_after_now():
    import datetime

    from django.utils import timezone

    from website.page_cache import NO_CLOCK_CHANGE, next_content_change

    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    with _clock_pages(now + 3 * hour, None, now + hour, now - hour):
        assert next_content_change(now) == now + hour
    # A deadline at this very moment has passed: it is not the next change.
    with _clock_pages(now, now + 3 * hour):
        assert next_content_change(now) == now + 3 * hour
    # Nothing changes by the clock: the pages are looked at again in a day.
    with _clock_pages(None, now - hour):
        assert next_content_change(now) == now + NO_CLOCK_CHANGE
    with _clock_pages():
        assert next_content_change(now) == now + NO_CLOCK_CHANGE


def test_deleting_site_settings_purges_as_creating_them_does_not():
    fresh = {"post_save": Signal(), "post_delete": Signal()}
    with (
        mock.patch.object(model_signals, "post_save", fresh["post_save"]),
        mock.patch.object(model_signals, "post_delete", fresh["post_delete"]),
        mock.patch("website.page_cache_purge.purge") as purge,
    ):
        connect_purge_signals()
        fresh["post_save"].send(sender=SiteSettings, instance=None, created=True)
        assert purge.call_count == 0  # the empty row made on a site's first visit
        fresh["post_delete"].send(sender=SiteSettings, instance=None)  # no `created` here
        assert purge.call_count == 1


def _later(seconds):
    """Move the local memory cache's clock (how it decides an entry has expired)."""
    import time

    return mock.patch(
        "django.core.cache.backends.locmem.time.time", return_value=time.time() + seconds
    )


def test_a_cold_cache_starts_a_generation_that_lasts_until_content_changes():
    from website.page_cache import current_generation, new_generation

    generation = current_generation()
    assert generation and current_generation() == generation
    with _later(365 * 24 * 3600):  # no timeout: every page would be rendered again
        assert current_generation() == generation
    new_generation()
    renewed = current_generation()
    assert renewed != generation
    with _later(365 * 24 * 3600):
        assert current_generation() == renewed


def test_two_processes_starting_a_generation_at_once_agree_on_the_first(generation_in_the_cache):
    from django.core.cache import cache

    from website.page_cache import current_generation

    def another_process_was_first(key, value, timeout=None):
        cache.set(key, "theirs", timeout)
        return False

    with mock.patch.object(cache, "add", side_effect=another_process_was_first):
        assert current_generation() == "theirs"


def test_a_generation_is_kept_when_the_cache_cannot_store_it(generation_in_the_cache):
    from django.core.cache import cache

    from website.page_cache import current_generation

    with mock.patch.object(cache, "add", return_value=False):  # a cache that keeps nothing
        generation = current_generation()
    assert isinstance(generation, str) and len(generation) == 32


def test_a_value_for_the_generation_is_computed_once_and_kept_for_a_day():
    from website.page_cache import for_generation

    compute = mock.Mock(side_effect=["first", "second", "third"])
    assert for_generation("menu", compute) == "first"
    assert for_generation("menu", compute) == "first"
    with _later(24 * 3600 - 5):
        assert for_generation("menu", compute) == "first"
    with _later(24 * 3600 + 5):
        assert for_generation("menu", compute) == "second"
    assert compute.call_count == 2
