"""When a program takes applications: the one place that decides «not open yet / open / closed».

The program page shows it, and the application form (which takes its window from the
program) enforces it, so both must agree to the second.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from website.dates import OSLO


class WindowState(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class WindowStatus:
    state: WindowState
    opens: datetime
    closes: datetime
    days_left: int | None  # whole calendar days in Oslo until the deadline's date, when open

    @property
    def is_open(self):
        return self.state is WindowState.OPEN


@dataclass(frozen=True)
class ApplicationWindow:
    """Applications are accepted from `opens` up to and including the deadline `closes`."""

    opens: datetime
    closes: datetime

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens:
            return WindowState.NOT_OPEN
        if now <= self.closes:
            return WindowState.OPEN
        return WindowState.CLOSED

    def days_left(self, now=None):
        """Calendar days in Oslo from today to the deadline's date (0 on the last day)."""
        now = now or timezone.now()
        return (self.closes.astimezone(OSLO).date() - now.astimezone(OSLO).date()).days

    def status(self, now=None):
        now = now or timezone.now()
        state = self.state(now)
        return WindowStatus(
            state=state,
            opens=self.opens,
            closes=self.closes,
            days_left=self.days_left(now) if state is WindowState.OPEN else None,
        )
