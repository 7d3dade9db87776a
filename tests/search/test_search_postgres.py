"""Search on PostgreSQL: words are found in their other forms, by the rules of the page's
language, titles rank first, and each language searches its own pages."""

import pytest

from .helpers import hits, home, publish_page, search, titles

pytestmark = pytest.mark.postgresql_only(
    reason="stemming and ranking are PostgreSQL full-text search; SQLite matches whole words",
)


def test_norwegian_words_are_found_in_their_other_forms(seeded_site, client):
    publish_page(home(), "Ny plan for faget", intro="Skolen følger rammeplanen fra i høst.")
    found = {hit["title"]: hit for hit in hits(search(client, "rammeplan"))}
    assert "<mark>rammeplanen</mark>" in found["Ny plan for faget"]["passage_html"]
    # «kulturskolene» finds the pages that say «kulturskole» or «kulturskolen».
    assert "Med kulturskolen inn i fremtiden" in titles(search(client, "kulturskolene"))


def test_english_words_are_found_by_english_rules(seeded_site, client):
    intro = "One gathering each spring, where teachers run workshops."
    publish_page(home("en"), "Meeting places", intro=intro)
    for query in ["gatherings", "running"]:  # Norwegian rules would not find «run»
        assert "Meeting places" in titles(search(client, query, language="en")), query


def test_each_language_searches_its_own_pages(seeded_site, client):
    publish_page(home(), "Norsk fiolinside", intro="Fiolinundervisning i kommunen.")
    publish_page(home("en"), "English violin page", intro="Fiolinundervisning abroad.")
    assert titles(search(client, "fiolinundervisning")) == ["Norsk fiolinside"]
    assert titles(search(client, "fiolinundervisning", language="en")) == ["English violin page"]


def test_a_page_with_the_word_in_its_title_ranks_first(seeded_site, client):
    ranked = titles(search(client, "veiledning"))
    assert ranked[:2] == [
        "Veiledning for kulturskoleutvikling",
        "Søknad om deltakelse i Veiledning for kulturskoleutvikling",
    ]


def test_the_title_marks_the_word_in_the_form_it_was_written(seeded_site, client):
    publish_page(home(), "Rammeplanen i praksis", intro="Om arbeidet med planen.")
    [hit] = [hit for hit in hits(search(client, "rammeplan")) if hit["title"].endswith("praksis")]
    assert hit["title_html"] == "<mark>Rammeplanen</mark> i praksis"


def test_an_unpublished_page_leaves_the_results(seeded_site, client):
    page = publish_page(home(), "Korpsside", intro="Trompetene spiller.")
    assert titles(search(client, "trompet")) == ["Korpsside"]
    page.unpublish()
    assert titles(search(client, "trompet")) == []


def test_the_word_in_a_title_weighs_more_than_in_the_text(home_page, client):
    publish_page(home_page, "Annen side", intro="Slagverk, slagverk og mer slagverk hver uke.")
    publish_page(home_page, "Slagverk", intro="Om undervisningen.")
    assert titles(search(client, "slagverk")) == ["Slagverk", "Annen side"]
