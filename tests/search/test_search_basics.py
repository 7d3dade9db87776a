"""Site search at /sok/."""

import pytest

from home.models import ContentPage
from tests.text import visible_text

from .helpers import titles


def result_titles(response):
    return titles(response)


def test_search_finds_pages_by_their_words(seeded_site, client):
    response = client.get("/sok/", {"q": "Gardermoen"})
    assert response.status_code == 200
    assert "Veiledning for kulturskoleutvikling" in result_titles(response)
    assert "treff for «Gardermoen»" in visible_text(response.content.decode())


def test_search_finds_text_inside_streamfield_blocks(seeded_site, client):
    # «Interesseforsvar» is the title of a task in a numbered task list block.
    response = client.get("/sok/", {"q": "Interesseforsvar"})
    assert "Interessepolitisk arbeid" in result_titles(response)


def test_unpublished_pages_are_not_found(home_page, client):
    page = ContentPage(title="Hemmelig utkast", slug="utkast", intro="Pianoskole")
    home_page.add_child(instance=page)
    page.save_revision()
    page.unpublish()
    assert result_titles(client.get("/sok/", {"q": "Pianoskole"})) == []


def test_empty_and_odd_queries_do_not_fail(seeded_site, client):
    for query in ["", "   ", "«»&|!:*()", "a" * 5000, "kultur\x00skole", '"kulturskole', "a\"b'c"]:
        response = client.get("/sok/", {"q": query})
        assert response.status_code == 200, query
    assert "Søk" in visible_text(client.get("/sok/").content.decode())


def test_no_results_says_so_in_norwegian(seeded_site, client):
    text = visible_text(client.get("/sok/", {"q": "xylofonorkester"}).content.decode())
    assert "0 treff for «xylofonorkester»" in text
    assert "Prøv et annet ord" in text


def test_results_are_paginated(home_page, client):
    for number in range(12):
        page = ContentPage(title=f"Fiolinside {number}", slug=f"fiolin-{number}", intro="fiolin")
        home_page.add_child(instance=page)
        page.save_revision().publish()
    first = client.get("/sok/", {"q": "fiolin"})
    assert len(result_titles(first)) == 10
    assert "Side 1 av 2" in visible_text(first.content.decode())
    second = client.get("/sok/", {"q": "fiolin", "side": 2})
    assert len(result_titles(second)) == 2
    # A page number out of range shows the last page rather than an error.
    assert client.get("/sok/", {"q": "fiolin", "side": 99}).status_code == 200


@pytest.mark.postgresql_only(
    reason="Norwegian stemming is PostgreSQL's; CI runs this on PostgreSQL (make test-postgres).",
)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kulturskolene", "Med kulturskolen inn i fremtiden"),  # text has «kulturskole(n)»
        ("kommunenes", "Veiledning for kulturskoleutvikling"),  # text has «kommunene»
        ("samlingene", "Veiledning for kulturskoleutvikling"),  # text has «samlinger»
    ],
)
def test_inflected_norwegian_forms_are_found_on_postgresql(seeded_site, client, query, expected):
    assert expected in result_titles(client.get("/sok/", {"q": query}))
