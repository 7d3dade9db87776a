"""The page cache asks every page type when its pages next change by the clock.

A page type declares it with a classmethod `next_content_change(now)`; the cache knows no
page type by name, so a new one with a deadline of its own gets correct expiry by
implementing the method alone.
"""

import datetime

from django.test.utils import override_settings

import pytest

from home.models import ContentPage
from tests.conftest import oslo
from tests.factories import ContentPageFactory
from website.page_cache import next_content_change

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("day_long_cache")]

REGISTRATION_CLOSES = oslo(2026, 5, 4, 10, 30)


@pytest.fixture
def day_long_cache():
    # Entries would live a day: only a declared change can end them sooner.
    with override_settings(PAGE_CACHE_SECONDS=24 * 3600):
        yield


@pytest.fixture
def page_with_a_deadline(home_page, monkeypatch):
    """A content page, its type declaring (as a page with a registration deadline would)
    that its pages change at REGISTRATION_CLOSES."""

    def declared(cls, now):
        return REGISTRATION_CLOSES if now < REGISTRATION_CLOSES else None

    monkeypatch.setattr(ContentPage, "next_content_change", classmethod(declared), raising=False)
    return ContentPageFactory(parent=home_page, title="Påmelding", slug="pamelding")


def test_the_soonest_declared_change_wins(page_with_a_deadline):
    assert next_content_change(oslo(2026, 5, 4, 9, 0)) == REGISTRATION_CLOSES
    # Past it, the program pages' next midnight is the soonest change.
    assert next_content_change(oslo(2026, 5, 4, 11, 0)) == oslo(2026, 5, 5)


def test_a_cached_page_expires_when_its_type_says_it_changes(client, page_with_a_deadline, clock):
    clock(oslo(2026, 5, 4, 10, 0))
    assert client.get(page_with_a_deadline.url)["X-Page-Cache"] == "miss"
    clock(REGISTRATION_CLOSES - datetime.timedelta(seconds=1))
    assert client.get(page_with_a_deadline.url)["X-Page-Cache"] == "hit"
    clock(REGISTRATION_CLOSES)
    assert client.get(page_with_a_deadline.url)["X-Page-Cache"] == "miss"
