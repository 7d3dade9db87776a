"""The .ics feed of a program's gatherings, read back as a calendar client would."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from program.models import Gathering
from tests.factories import GatheringFactory, ProgramIndexPageFactory, ProgramPageFactory

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
    assert [str(event["SUMMARY"]) for event in events] == [
        "Digital KickOff",
        "Digital læringskonferanse",
        "Fysisk ledersamling",
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
