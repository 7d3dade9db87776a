"""The .ics feed of a program's gatherings, read back as a calendar client would."""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from program.models import Gathering
from tests.factories import GatheringFactory, ProgramIndexPageFactory, ProgramPageFactory
from tests.published_translation import translate_and_publish

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def program(home_page):
    page = ProgramPageFactory(
        parent=ProgramIndexPageFactory(parent=home_page), title="Veiledning", slug="veiledning"
    )
    GatheringFactory(
        page=page,
        date=datetime.date(2026, 8, 26),
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        title="Digital KickOff",
    )
    GatheringFactory(page=page, date=datetime.date(2026, 11, 11), title="Digital læringskonferanse")
    GatheringFactory(
        page=page,
        date=datetime.date(2027, 2, 19),
        start_time=None,
        end_time=None,
        title="Fysisk ledersamling",
        audience="Rektor+1",
        mode=Gathering.Mode.PHYSICAL,
        place="Gardermoen",
    )
    return page


def fetch(client, page):
    response = client.get(page.url + "kalender/")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def test_feed_is_served_as_icalendar_with_an_ics_file_name(client, program):
    response, _ = fetch(client, program)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="veiledning.ics"' in response["Content-Disposition"]
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert b"\r\n" in response.content
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_calendar_has_the_properties_clients_require(client, program):
    _, calendar = fetch(client, program)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Oslo"]


def test_one_event_per_gathering_in_oslo_time(client, program):
    _, calendar = fetch(client, program)
    events = calendar.walk("VEVENT")
    # Each title names the program: in a calendar full of other things, it says whose it is.
    assert [str(event["SUMMARY"]) for event in events] == [
        "Veiledning: Digital KickOff",
        "Veiledning: Digital læringskonferanse",
        "Veiledning: Fysisk ledersamling",
    ]
    kickoff, conference, gardermoen = events

    start = kickoff.decoded("DTSTART")
    assert kickoff["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert start == datetime.datetime(2026, 8, 26, 10, 0, tzinfo=OSLO)
    assert start.utcoffset() == datetime.timedelta(hours=2)  # summer time
    assert kickoff.decoded("DTEND") == datetime.datetime(2026, 8, 26, 13, 0, tzinfo=OSLO)

    start = conference.decoded("DTSTART")
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 11, 11, 8, 0, tzinfo=datetime.UTC
    )

    # No times given: an all-day event on that date.
    assert gardermoen.decoded("DTSTART") == datetime.date(2027, 2, 19)
    assert gardermoen.decoded("DTEND") == datetime.date(2027, 2, 20)
    assert str(gardermoen["LOCATION"]) == "Gardermoen"
    assert "Rektor+1" in str(gardermoen["DESCRIPTION"])


def test_event_uids_are_unique_and_stable(client, program):
    _, first = fetch(client, program)
    _, second = fetch(client, program)
    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert len(set(uids)) == 3
    assert uids == [str(event["UID"]) for event in second.walk("VEVENT")]
    assert all(event.get("DTSTAMP") for event in first.walk("VEVENT"))


def offset_by_the_feed_rules(timezone, moment):
    """The UTC offset at a local moment by the VTIMEZONE's own STANDARD/DAYLIGHT rules.

    icalendar's to_tz() would look the TZID up in the tz database and ignore the rules.
    """
    latest = None
    for change in timezone.subcomponents:
        start = change.decoded("DTSTART")
        rule = rrulestr(change["RRULE"].to_ical().decode(), dtstart=start)
        onset = rule.before(moment, inc=True)
        if onset is not None and (latest is None or onset > latest[0]):
            latest = (onset, change.decoded("TZOFFSETTO"))
    return latest[1]


def test_vtimezone_rules_give_the_right_offsets(client, program):
    """The VTIMEZONE we write must agree with the tz database on both sides of each change."""
    _, calendar = fetch(client, program)
    timezone = calendar.walk("VTIMEZONE")[0]
    assert sorted(change.name for change in timezone.subcomponents) == ["DAYLIGHT", "STANDARD"]
    for moment, offset in [
        (datetime.datetime(2026, 1, 15, 12, 0), 1),
        (datetime.datetime(2026, 3, 29, 1, 59), 1),  # last Sunday of March
        (datetime.datetime(2026, 3, 29, 3, 0), 2),
        (datetime.datetime(2026, 7, 1, 12, 0), 2),
        (datetime.datetime(2026, 10, 25, 1, 59), 2),  # last Sunday of October
        (datetime.datetime(2026, 10, 25, 3, 0), 1),
        (datetime.datetime(2026, 11, 15, 12, 0), 1),
        (datetime.datetime(2027, 3, 28, 3, 0), 2),
        (datetime.datetime(2027, 10, 31, 3, 0), 1),
    ]:
        expected = datetime.timedelta(hours=offset)
        assert offset_by_the_feed_rules(timezone, moment) == expected, moment
        assert moment.replace(tzinfo=OSLO).utcoffset() == expected, moment
    # Each rule hands over from the other's offset.
    for change in timezone.subcomponents:
        other = next(c for c in timezone.subcomponents if c.name != change.name)
        assert change.decoded("TZOFFSETFROM") == other.decoded("TZOFFSETTO")


def test_program_page_links_to_the_feed(client, program):
    html = client.get(program.url).content.decode()
    assert f'href="{program.url}kalender/"' in html


def test_program_page_links_to_the_site_wide_feed(client, program):
    html = client.get(program.url).content.decode()
    assert 'href="/kalender.ics"' in html


# The site-wide feed: every program's gatherings, per language.


def site_feed(client, language="nb"):
    with translation.override(language):
        url = reverse("site_calendar")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


def test_site_feed_urls_per_language():
    with translation.override("nb"):
        assert reverse("site_calendar") == "/kalender.ics"
    with translation.override("en"):
        assert reverse("site_calendar") == "/en/kalender.ics"


def test_site_feed_holds_every_live_programs_gatherings(client, program):
    other = ProgramPageFactory(parent=program.get_parent(), title="Kulturskoleløftet")
    GatheringFactory(page=other, date=datetime.date(2026, 9, 9), title="Nettverksmøte")
    draft = ProgramPageFactory(parent=program.get_parent(), title="Utkast", live=False)
    GatheringFactory(page=draft, title="Hemmelig")
    calendar = site_feed(client)
    assert summaries(calendar) == [
        "Kulturskoleløftet: Nettverksmøte",
        "Veiledning: Digital KickOff",
        "Veiledning: Digital læringskonferanse",
        "Veiledning: Fysisk ledersamling",
    ]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert calendar["X-WR-CALNAME"]


def test_site_feed_and_program_feed_share_each_gatherings_uid(client, program):
    """Subscribed to both, a calendar shows each gathering once."""
    _, own = fetch(client, program)
    site_wide = site_feed(client)
    own_events = {str(e["UID"]): str(e["SUMMARY"]) for e in own.walk("VEVENT")}
    site_events = {str(e["UID"]): str(e["SUMMARY"]) for e in site_wide.walk("VEVENT")}
    assert len(own_events) == 3
    assert own_events == site_events


@pytest.fixture
def english_program(program, home_page):
    memory = {
        "Veiledning": "Guidance",
        "Fysisk ledersamling": "Physical leadership gathering",
    }
    for page in (home_page, program.get_parent()):
        translate_and_publish(page)
    return translate_and_publish(program, memory)


def test_english_feeds_speak_english(client, english_program):
    _, own = fetch(client, english_program)
    assert "Guidance: Physical leadership gathering" in summaries(own)
    english = site_feed(client, "en")
    assert summaries(english) == summaries(own)
    norwegian = site_feed(client, "nb")
    assert "Veiledning: Fysisk ledersamling" in summaries(norwegian)
    assert not any(title.startswith("Guidance") for title in summaries(norwegian))


def test_site_feed_is_cached_like_a_page(client, program, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/kalender.ics")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/kalender.ics")
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) <= 1
    # Publishing a change purges it: the new gathering is in the next answer.
    GatheringFactory(page=program, title="Ny samling")
    program.save_revision().publish()
    assert "Veiledning: Ny samling" in summaries(site_feed(client))


def queries_for_site_feed(client, language, numbers, parent):
    for number in numbers:
        page = ProgramPageFactory(parent=parent, title=f"Program {number}")
        GatheringFactory(page=page)
        GatheringFactory(page=page, date=datetime.date(2027, 1, 6))
        if language == "en":  # translated programs read their Norwegian page's gatherings
            translate_and_publish(page)
    site_feed(client, language)  # the caches of this content generation filled
    with CaptureQueriesContext(connection) as queries:
        calendar = site_feed(client, language)
    return len(queries), len(calendar.walk("VEVENT"))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_site_feed_queries_do_not_grow_with_programs(client, home_page, settings, language):
    settings.PAGE_CACHE_SECONDS = 0
    index = ProgramIndexPageFactory(parent=home_page)
    if language == "en":
        translate_and_publish(home_page)
        translate_and_publish(index)
    few, events = queries_for_site_feed(client, language, range(2), index)
    assert events == 4
    # 20 programs in Norwegian; translating is slow, so 10 in English.
    last = 20 if language == "nb" else 10
    many, events = queries_for_site_feed(client, language, range(2, last), index)
    assert events == 2 * last
    assert many == few


def test_front_page_gatherings_link_to_the_site_wide_feed(client, program, home_page, clock):
    clock(datetime.datetime(2026, 8, 1, 12, 0, tzinfo=OSLO))  # the gatherings are ahead
    html = client.get(home_page.url).content.decode()
    assert 'id="front-gatherings-heading"' in html
    assert 'href="/kalender.ics"' in html
