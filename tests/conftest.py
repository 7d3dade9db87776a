import datetime
import socket
from unittest import mock

from wagtail.models import Site

import pytest

from tests.forms_helpers import build_form
from tests.seeded_site_helpers import SeedSnapshot, load_seed_content
from website.dates import OSLO

# Plugins: a throwaway PostgreSQL cluster per test (initdb, pg_ctl); which tests may skip.
pytest_plugins = ["tests.postgres_cluster", "tests.skip_policy"]


@pytest.fixture
def home_page(db):
    """The home page the migrations create, as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    """What `load_initial_data` writes, recorded once per test process (a few seconds)."""
    with django_db_blocker.unblock():
        return SeedSnapshot()


@pytest.fixture
def seeded_site(db, seed_snapshot):
    """The whole site as `make run` builds it from the seed content."""
    load_seed_content(seed_snapshot)
    return Site.objects.get(is_default_site=True)


def oslo(*args):
    """An aware datetime in Oslo time: oslo(2026, 4, 13, 23, 59)."""
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.fixture
def clock():
    """Move the clock the pages see: `clock(oslo(2026, 4, 1, 12))`."""
    patcher = None

    def move_to(moment):
        nonlocal patcher
        if patcher:
            patcher.stop()
        # In UTC, as Django's own now() gives it: code that takes .date() of it must not get
        # Oslo's date by accident of the test.
        utc = moment.astimezone(datetime.UTC)
        patcher = mock.patch("django.utils.timezone.now", return_value=utc)
        patcher.start()

    yield move_to
    if patcher:
        patcher.stop()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate limits, cached pages) and, when the
    generation lives outside the cache (PostgreSQL without Redis), a generation of its own:
    the rolled-back rows of the test before are not kept in it."""
    from django.core.cache import cache

    from website.cache_generation import generation_in_cache, new_generation

    cache.clear()
    if not generation_in_cache():
        new_generation()
    yield
    cache.clear()


@pytest.fixture
def generation_in_the_cache():
    """The content generation held by the cache, as with Redis, whatever the test database
    (on PostgreSQL without Redis it lives in a file: website/cache_generation.py)."""
    with mock.patch("website.cache_generation._generation_file", return_value=None):
        yield


@pytest.fixture(autouse=True)
def norwegian_by_default():
    """Each test starts in bokmål, whatever language the previous request left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def form(home_page, clock):
    """(program, form page, field keys): an application form whose window is open now."""
    clock(oslo(2026, 4, 1, 12, 0))
    return build_form(home_page)


@pytest.fixture
def smtp_down(settings):
    """Real SMTP to a port nobody listens on: the connection is refused. Call it to bring
    the mail server back (the test backend)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    def back_up():
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    return back_up
