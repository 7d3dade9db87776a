"""The application status around the window's edges, in Oslo time, across daylight saving."""

from datetime import UTC, datetime, timedelta

import pytest

from program.application_window import ApplicationWindow, WindowState
from tests.conftest import oslo
from website.dates import OSLO

# The seed program: opens after the webinar on 19 March 2026 (CET, UTC+1), deadline
# 13 April 2026 23:59 (CEST, UTC+2): summer time starts in between, on 29 March.
OPENS = oslo(2026, 3, 19, 13, 0)
CLOSES = oslo(2026, 4, 13, 23, 59)
WINDOW = ApplicationWindow(OPENS, CLOSES)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (OPENS - SECOND, WindowState.NOT_OPEN),
        (OPENS, WindowState.OPEN),
        (CLOSES - SECOND, WindowState.OPEN),
        (CLOSES, WindowState.OPEN),
        (CLOSES + SECOND, WindowState.CLOSED),
        (oslo(2027, 1, 1), WindowState.CLOSED),
    ],
    ids=[
        "second-before-opening",
        "at-opening",
        "second-before-deadline",
        "at-deadline",
        "second-after-deadline",
        "long-after",
    ],
)
def test_state_at_the_edges(moment, state):
    assert WINDOW.state(moment) is state


def test_edges_hold_in_utc_too():
    # 13:00 in Oslo on 19 March is 12:00 UTC (winter time); 23:59 on 13 April is 21:59 UTC.
    assert OPENS.utcoffset() == timedelta(hours=1)
    assert CLOSES.utcoffset() == timedelta(hours=2)
    assert WINDOW.state(datetime(2026, 3, 19, 11, 59, 59, tzinfo=UTC)) is WindowState.NOT_OPEN
    assert WINDOW.state(datetime(2026, 3, 19, 12, 0, tzinfo=UTC)) is WindowState.OPEN
    assert WINDOW.state(datetime(2026, 4, 13, 21, 59, tzinfo=UTC)) is WindowState.OPEN
    assert WINDOW.state(datetime(2026, 4, 13, 22, 0, tzinfo=UTC)) is WindowState.CLOSED


@pytest.mark.parametrize(
    ("moment", "days_left"),
    [
        (OPENS, 25),
        (oslo(2026, 4, 12, 23, 59), 1),
        (oslo(2026, 4, 13, 0, 0), 0),
        (oslo(2026, 4, 13, 23, 0), 0),
    ],
)
def test_days_left_count_calendar_days_in_oslo(moment, days_left):
    status = WINDOW.status(moment)
    assert status.is_open
    assert status.days_left == days_left


def test_days_left_across_the_change_to_summer_time():
    # The night of 29 March 2026 has 23 hours; a count in hours would come out one short.
    window = ApplicationWindow(oslo(2026, 3, 1), oslo(2026, 3, 30, 12, 0))
    assert window.days_left(oslo(2026, 3, 28, 23, 30)) == 2
    assert window.days_left(oslo(2026, 3, 29, 0, 30)) == 1


def test_deadline_on_the_night_winter_time_returns():
    # 25 October 2026: the clock goes from 03:00 back to 02:00, so 02:30 happens twice.
    # A deadline at the first 02:30 (summer time) is over when the clock shows 02:30 again.
    deadline = oslo(2026, 10, 25, 2, 30)  # fold=0: the first 02:30, UTC+2
    window = ApplicationWindow(oslo(2026, 10, 1), deadline)
    now = deadline.astimezone(UTC)  # the server's clock is in UTC, as timezone.now() is
    assert window.state(now) is WindowState.OPEN
    an_hour_later = now + timedelta(hours=1)
    assert an_hour_later.astimezone(OSLO).strftime("%H:%M %Z") == "02:30 CET"
    assert window.state(an_hour_later) is WindowState.CLOSED


def test_days_left_only_when_open():
    assert WINDOW.status(OPENS - SECOND).days_left is None
    assert WINDOW.status(CLOSES + SECOND).days_left is None
