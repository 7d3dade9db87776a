"""The strategy's seed text, with the document's unambiguous typos corrected in both
languages (tests/strategy/seed_corrections.py)."""

import json
from pathlib import Path

from django.conf import settings

from wagtail.models import Locale, Page

from home.models import StrategyPage
from tests.strategy.seed_corrections import CORRECTIONS, corrected
from tests.text import visible_text

SEED = Path(settings.BASE_DIR) / "home" / "seed"


def seed_texts():
    strategy = (SEED / "strategy.json").read_text(encoding="utf-8")
    english_keys = " ".join(json.loads((SEED / "translations" / "en.json").read_text()))
    return strategy, english_keys


def test_the_seed_carries_the_corrected_text_only():
    strategy, english_keys = seed_texts()
    for written, published in CORRECTIONS:
        assert written not in strategy, written
        assert published in strategy, published
        # The English translation is found by its Norwegian text: the keys follow.
        assert written not in english_keys, written
        assert published in english_keys, published


def test_corrected_is_applied_to_a_document_line():
    line = "kulturskolen med tanke på medlemskommunenes muligheter til å møte møter "
    assert corrected(line) == "kulturskolen med tanke på medlemskommunenes muligheter til å møte "
    assert corrected("Kulturskoleråds virksomhetsområde for drift") == (
        "Kulturskolerådets virksomhetsområde for drift"
    )


def site_text(client, language):
    pages = Page.objects.live().filter(depth__gte=2, locale__language_code=language)
    return " ".join(
        " ".join(visible_text(client.get(page.url).content.decode()).split()) for page in pages
    )


def test_the_site_shows_the_corrections_in_norwegian_and_english_in_english(seeded_site, client):
    # A paragraph without its English (its key no longer matching) leaves the English page
    # an unpublished draft: every strategy page must be live in English.
    strategy = StrategyPage.objects.get(locale__language_code="nb")
    for page in [strategy, *strategy.get_children()]:
        english_page = page.get_translation_or_none(Locale.objects.get(language_code="en"))
        assert english_page is not None and english_page.live, page.title
    norwegian = site_text(client, "nb")
    english = site_text(client, "en")
    for written, published in CORRECTIONS:
        assert published in norwegian, published
        assert written not in norwegian, written
        assert published not in english, published
