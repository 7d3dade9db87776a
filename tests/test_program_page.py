"""What a program page shows, derived from its dates: status, next gathering, timeline."""

import datetime

import pytest

from program.models import Gathering
from tests.conftest import oslo
from tests.factories import (
    GatheringFactory,
    ProgramIndexPageFactory,
    ProgramMilestoneFactory,
    ProgramPageFactory,
)


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
    for day in (datetime.date(2026, 11, 11), datetime.date(2027, 3, 17)):
        GatheringFactory(
            page=page, date=day, series="Digitale læringskonferanser onsdager kl. 9–13"
        )
    for day in (datetime.date(2026, 9, 25), datetime.date(2027, 2, 19)):
        GatheringFactory(
            page=page,
            date=day,
            start_time=None,
            end_time=None,
            title="Fysisk ledersamling",
            audience="Rektor+1",
            mode=Gathering.Mode.PHYSICAL,
            place="Gardermoen",
            series="Fysiske samlinger på Gardermoen følgende fredager",
        )
    ProgramMilestoneFactory(page=page)
    return page


def text_of(response):
    from tests.text import visible_text

    return visible_text(response.content.decode())


# Application status as the public sees it


def test_before_opening_the_page_says_when_it_opens(client, program, clock):
    clock(oslo(2026, 3, 19, 12, 59, 59))
    text = text_of(client.get(program.url))
    assert "Søknadsportalen er ikke åpnet ennå" in text
    assert "Portalen åpner 19. mars 2026 kl. 13.00" in text


def test_while_open_the_page_gives_deadline_and_days_left(client, program, clock):
    clock(oslo(2026, 4, 1, 9, 0))
    text = text_of(client.get(program.url))
    assert "Søknadsportalen er åpen" in text
    assert "Frist 13. april 2026 kl. 23.59" in text
    assert "12 dager igjen" in text


def test_on_the_last_day_it_says_so(client, program, clock):
    clock(oslo(2026, 4, 13, 23, 59))
    text = text_of(client.get(program.url))
    assert "Søknadsportalen er åpen" in text
    assert "Siste dag i dag" in text


def test_after_the_deadline_the_page_says_when_it_closed(client, program, clock):
    clock(oslo(2026, 4, 14, 0, 0))
    text = text_of(client.get(program.url))
    assert "Søknadsportalen er stengt" in text
    assert "Søknadsfristen gikk ut 13. april 2026 kl. 23.59" in text
    assert "dager igjen" not in text


def test_key_facts_come_from_the_date_fields(client, program):
    text = text_of(client.get(program.url))
    assert "Programperiode: August 2026 – desember 2027" in text
    assert "Søknadsfrist: 13. april 2026 kl. 23.59" in text
    # The portal opens on the webinar's day, after it: said the way the program text says it.
    assert "Søknadsportalen åpner: Etter informasjonswebinaret 19. mars" in text


def test_opening_on_another_day_than_the_webinar_is_given_as_a_date(client, program):
    program.application_opens = oslo(2026, 3, 20, 9, 0)
    program.save_revision().publish()
    text = text_of(client.get(program.url))
    assert "Søknadsportalen åpner: 20. mars 2026 kl. 09.00" in text


# Gatherings


def test_next_gathering_is_the_first_that_has_not_ended(program):
    kickoff, gardermoen_1, conference_1, gardermoen_2, conference_2 = program.sorted_gatherings
    assert program.next_gathering(oslo(2026, 1, 1)) == kickoff
    assert program.next_gathering(oslo(2026, 8, 26, 12, 59)) == kickoff  # under way
    assert program.next_gathering(oslo(2026, 8, 26, 13, 0)) == gardermoen_1  # just ended
    # A gathering without times lasts the whole day.
    assert program.next_gathering(oslo(2026, 9, 25, 23, 59)) == gardermoen_1
    assert program.next_gathering(oslo(2026, 9, 26, 0, 0)) == conference_1
    assert program.next_gathering(oslo(2027, 3, 17, 13, 0)) is None


def test_page_marks_the_next_gathering(client, program, clock):
    clock(oslo(2026, 11, 21, 12, 0))
    html = client.get(program.url).content.decode()
    text = text_of(client.get(program.url))
    assert "Neste samling Fredag 19. februar 2027: Fysisk ledersamling" in text
    assert html.count('class="is-next"') == 1
    row = html.split('class="is-next"')[1].split("</tr>")[0]
    assert "Fredag 19. februar 2027" in row and "Neste samling" in row


def test_no_gathering_is_marked_when_all_are_over(client, program, clock):
    clock(oslo(2028, 1, 1))
    html = client.get(program.url).content.decode()
    assert "is-next" not in html
    assert "Neste samling" not in html


def test_overview_lists_a_series_on_one_line(client, program):
    text = text_of(client.get(program.url))
    assert "Hele kommunegruppa: Onsdag 26. august 2026, kl. 10–13, Digital KickOff." in text
    assert (
        "Hele kommunegruppa: Digitale læringskonferanser onsdager kl. 9–13: "
        "11. november 2026 og 17. mars 2027." in text
    )
    assert (
        "Rektor+1: Fysiske samlinger på Gardermoen følgende fredager: "
        "25. september 2026 og 19. februar 2027." in text
    )


# Timeline


def test_timeline_merges_events_on_the_same_day_and_sorts_by_date(program):
    entries = [(entry.date, entry.label, entry.date_label) for entry in program.timeline()]
    assert entries == [
        (datetime.date(2026, 3, 19), "Informasjonswebinar + Søknadsportalen åpner", ""),
        (datetime.date(2026, 4, 13), "Søknadsfrist", ""),
        (datetime.date(2026, 4, 30), "Svarbrev", ""),
        (
            datetime.date(2026, 5, 1),
            "Hver kommune kontaktes av veileder fra Kulturskolerådet",
            "Mai/juni",
        ),
    ]


def test_timeline_is_shown_with_its_heading(client, program):
    text = text_of(client.get(program.url))
    assert "Viktige datoer våren 2026" in text
    assert "19. mars: Informasjonswebinar + Søknadsportalen åpner" in text
    assert "13. april: Søknadsfrist" in text
    assert "30. april: Svarbrev" in text
    assert "Mai/juni: Hver kommune kontaktes av veileder fra Kulturskolerådet" in text


def test_a_change_of_date_field_changes_the_page(client, program):
    program.reply_date = datetime.date(2026, 5, 4)
    program.save_revision().publish()
    text = text_of(client.get(program.url))
    assert "4. mai: Svarbrev" in text
    assert "30. april: Svarbrev" not in text
