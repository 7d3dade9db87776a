"""Dates, times and lists the way each language writes them («kl. 9–13» / «09:00–13:00»).

Plain functions, so pages, e-mails, reply letters and the calendar feed say a date the
same way; the `dates` template library (website/templatetags/dates.py) only registers them.
Every moment the site states is in Oslo time.
"""

from zoneinfo import ZoneInfo

from django.template.defaultfilters import capfirst
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

OSLO = ZoneInfo("Europe/Oslo")


def _speaks_norwegian():
    return (get_language() or "nb").split("-")[0] in {"nb", "nn", "no"}


def clock(value):
    """A time: «9» or «9.30» in Norwegian (whole hours short), «09:00» otherwise."""
    if value is None:
        return ""
    if _speaks_norwegian():
        return str(value.hour) if value.minute == 0 else f"{value.hour}.{value.minute:02d}"
    return formats.time_format(value, "TIME_FORMAT")


def time_range(start, end):
    """«kl. 10–13», «kl. 10» or nothing, from optional start and end times."""
    if not start:
        return ""
    if end:
        return _("kl. %(start)s–%(end)s") % {"start": clock(start), "end": clock(end)}
    return _("kl. %(start)s") % {"start": clock(start)}


def join_and(items):
    """«a, b og c» / «a, b and c»."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def long_date(value):
    """«13. april 2026» / «13 April 2026»."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def weekday_date(value):
    """«Onsdag 26. august 2026» / «Wednesday 26 August 2026»."""
    if not value:
        return ""
    return capfirst(f"{formats.date_format(value, 'l')} {long_date(value)}")


def date_and_time(value):
    """«13. april 2026 kl. 23.59» / «13 April 2026 at 23:59», in Oslo time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s kl. %(time)s") % {
        "date": long_date(local),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


def oslo_date(moment):
    """The day a moment falls on in Oslo."""
    return moment.astimezone(OSLO).date()
