"""The English results page, made through wagtail-localize's «Translate», shows its
Norwegian page's rows and dates as they are now, with the decisions in English."""

import datetime

from django.test.utils import override_settings

import pytest

from applications.results import publish_results, regenerate
from applications.results_page import ResultsPage
from tests.conftest import oslo
from tests.follow_up.results_helpers import BODO, decided
from tests.published_translation import translate_and_publish
from tests.translation_helpers import english, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(form_page, users, clock):
    """The Norwegian results page published on 2 February 2027 (Bergen granted), and its
    English translation made with the «Translate» view and published."""
    clock(oslo(2027, 2, 2, 12))
    granted = decided(form_page, 1)
    page = publish_results(form_page, users["reviewer"])
    # Home, program index, program and form in English first: a translation needs its parent.
    for ancestor in form_page.get_ancestors(inclusive=True)[1:]:
        translate_and_publish(ancestor.specific)
    return granted, page, users["superuser"]


@pytest.fixture
def english_page(client, results):
    _, page, superuser = results
    client.force_login(superuser)
    assert translate(client, page, subtree=False).status_code == 302
    client.logout()
    translated = page.get_translation(english()).specific
    translated.get_latest_revision().publish()
    return ResultsPage.objects.get(pk=translated.pk)


def test_the_english_page_shows_the_norwegian_rows_in_english(client, english_page):
    html = client.get(english_page.url).content.decode()
    assert '<html lang="en">' in html
    assert "Bergen" in html and "Vestland" in html
    assert "Granted" in html and "Innvilget" not in html
    assert 'datetime="2027-02-02"' in html


def test_a_stale_copy_on_the_english_row_is_not_shown(client, english_page):
    # wagtail-localize copies the synchronised fields only when a translator syncs.
    ResultsPage.objects.filter(pk=english_page.pk).update(
        results=[], published_on=datetime.date(2020, 1, 1)
    )
    html = client.get(english_page.url).content.decode()
    assert "Bergen" in html and 'datetime="2027-02-02"' in html


@override_settings(PAGE_CACHE_SECONDS=600)
def test_a_changed_decision_shows_in_english_at_once(client, results, english_page):
    granted, _, _ = results
    client.get(english_page.url)
    assert client.get(english_page.url)["X-Page-Cache"] == "hit"
    granted.change_status("under_behandling")
    response = client.get(english_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Bergen" not in response.content.decode()


def test_the_english_page_follows_with_the_new_date(client, results, english_page, clock):
    granted, page, _ = results
    clock(oslo(2027, 2, 9, 12))
    granted.change_status("under_behandling")
    decided(page.get_parent().specific, 2, municipality=BODO)
    regenerate(page.get_parent())  # as the letter going out would
    html = client.get(english_page.url).content.decode()
    assert "Bodø" in html and "Bergen" not in html
    assert 'datetime="2027-02-09"' in html and 'datetime="2027-02-02"' in html
