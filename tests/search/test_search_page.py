"""The search page on any database: kind and place of each hit, one search box, marked and
escaped text, suggestions when nothing is found, bad input, constant queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from program.models import ProgramIndexPage, ProgramPage
from tests.text import visible_text

from .helpers import hits, publish_page, search, titles


def test_a_whole_word_in_the_text_is_found_and_marked(seeded_site, client):
    response = search(client, "Gardermoen")
    found = {hit["title"]: hit for hit in hits(response)}
    assert "Veiledning for kulturskoleutvikling" in found
    assert "<mark>Gardermoen</mark>" in found["Veiledning for kulturskoleutvikling"]["passage_html"]


def test_each_hit_says_what_it_is_and_where_it_sits(seeded_site, client):
    found = {hit["title"]: hit for hit in hits(search(client, "veiledning"))}
    program = found["Veiledning for kulturskoleutvikling"]
    assert (program["kind"], program["place"]) == ("Program", "Program")
    form = found["Søknad om deltakelse i Veiledning for kulturskoleutvikling"]
    assert form["kind"] == "Søknadsskjema"
    assert form["place"] == "Program › Veiledning for kulturskoleutvikling"
    # An area of the strategy is called a strategy, and sits under the strategy document.
    area = found["Utviklingsarbeid"]
    assert (area["kind"], area["place"]) == ("Strategi", "Med kulturskolen inn i fremtiden")
    statement = {hit["title"]: hit for hit in hits(search(client, "personopplysninger"))}
    assert statement["Personvernerklæring"]["kind"] == "Side"
    assert statement["Personvernerklæring"]["place"] == ""


def test_the_results_page_has_one_search_box(seeded_site, client):
    html = search(client, "veiledning").content.decode()
    assert html.count('type="search"') == 1
    assert html.count('role="search"') == 1
    assert 'value="veiledning"' in html  # what was typed stays in the box


def test_text_from_a_page_is_escaped_and_only_the_marks_are_markup(home_page, client):
    publish_page(
        home_page,
        "<script>alert(1)</script> Fiolinskole",
        intro='Fiolinskole med <b>fet</b> tekst og "sitat" \ue000falsk\ue001 merke.',
    )
    response = search(client, "fiolinskole")
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<b>fet</b>" not in html
    [hit] = hits(response)
    assert hit["title"] == "<script>alert(1)</script> Fiolinskole"
    assert "&lt;script&gt;" in hit["title_html"]
    assert "<mark>Fiolinskole</mark>" in hit["title_html"]
    # Tag-like text is shown as text (SQLite) or left out (PostgreSQL's headline drops it).
    assert "<b>" not in hit["passage_html"] and "fet" in hit["passage"]
    assert "<mark>Fiolinskole</mark>" in hit["passage_html"]
    # The characters that stand for marks cannot be smuggled in by a page.
    assert "<mark>falsk</mark>" not in hit["passage_html"]


def test_no_hits_suggest_the_open_and_upcoming_calls_and_the_contact(seeded_site, client):
    index = ProgramIndexPage.objects.get(locale__language_code="nb")
    now = timezone.now()
    for title, opens in [("Åpen utlysning", -1), ("Kommende utlysning", 20)]:
        page = ProgramPage(
            title=title,
            slug=title.split()[0].lower().replace("å", "a"),
            program_start=datetime.date(2027, 8, 1),
            program_end=datetime.date(2028, 6, 1),
            application_opens=now + datetime.timedelta(days=opens),
            application_closes=now + datetime.timedelta(days=opens + 10),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    response = search(client, "xylofonorkester")
    text = visible_text(response.content.decode())
    assert "0 treff for «xylofonorkester»" in text
    assert "Åpne og kommende utlysninger" in text
    assert text.index("Åpen utlysning") < text.index("Kommende utlysning")
    assert "Søknadsportalen er åpen" in text and "Søknadsportalen åpner" in text
    # The seed's program closed its window in April: not suggested.
    assert "Veiledning for kulturskoleutvikling" not in text
    assert "Finner du ikke det du leter etter?" in text and "post@kulturskoleradet.no" in text
    # With hits, no suggestions.
    assert "Åpne og kommende utlysninger" not in visible_text(
        search(client, "veiledning").content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "kultur\x00skole",
        '"kulturskole',
        "a\"b'c",
        "«»&|!:*()<>",
        "-",
        "- or -",
        "og i på",  # only words the stemmer drops
        "veiledning -program",
        "'",
        "\\",
        "%_",
    ],
)
def test_bad_input_never_fails(seeded_site, client, query):
    assert search(client, query).status_code == 200


@pytest.mark.parametrize("side", ["abc", "-1", "0", "99", "1e9", "\x00"])
def test_a_bad_page_number_shows_a_page(seeded_site, client, side):
    response = search(client, "veiledning", side=side)
    assert response.status_code == 200
    assert titles(response)


def _queries_for(client, query):
    search(client, query)  # warm up: content types, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = search(client, query)
    assert response.status_code == 200
    return len(queries), len(titles(response))


def test_the_number_of_queries_does_not_grow_with_the_hits(home_page, client):
    area = publish_page(home_page, "Fagområde")
    for number in range(5):
        publish_page(area, f"Trommeside {number}", intro="Trommer og slagverk")
    few = _queries_for(client, "slagverk")
    for number in range(5, 50):
        publish_page(area, f"Trommeside {number}", intro="Trommer og slagverk")
    many = _queries_for(client, "slagverk")
    assert few[1] == 5 and many[1] == 10
    assert few[0] == many[0]


def test_the_next_page_link_keeps_the_search(home_page, client):
    for number in range(12):
        publish_page(home_page, f"Celloside {number}", intro="cello")
    html = search(client, "cello").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one(".search-pagination a")["href"]
    assert link.startswith("?") and not link.startswith("??")
    second = client.get("/sok/" + link)
    assert len(titles(second)) == 2
