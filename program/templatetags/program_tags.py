"""Dates, times and lists the way each language writes them («kl. 9–13» / «09:00–13:00»)."""

from django import template
from django.template.defaultfilters import capfirst
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _speaks_norwegian():
    return (get_language() or "nb").split("-")[0] in {"nb", "nn", "no"}


@register.filter
def clock(value):
    """A time: «9» or «9.30» in Norwegian (whole hours short), «09:00» otherwise."""
    if value is None:
        return ""
    if _speaks_norwegian():
        return str(value.hour) if value.minute == 0 else f"{value.hour}.{value.minute:02d}"
    return formats.time_format(value, "TIME_FORMAT")


@register.simple_tag
def time_range(start, end):
    """«kl. 10–13», «kl. 10» or nothing, from optional start and end times."""
    if not start:
        return ""
    if end:
        return _("kl. %(start)s–%(end)s") % {"start": clock(start), "end": clock(end)}
    return _("kl. %(start)s") % {"start": clock(start)}


@register.filter
def join_and(items):
    """«a, b og c» / «a, b and c»."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@register.filter
def long_date(value):
    """«13. april 2026» / «13 April 2026»."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@register.filter
def weekday_date(value):
    """«Onsdag 26. august 2026» / «Wednesday 26 August 2026»."""
    if not value:
        return ""
    return capfirst(f"{formats.date_format(value, 'l')} {long_date(value)}")


@register.filter
def date_and_time(value):
    """«13. april 2026 kl. 23.59» / «13 April 2026 at 23:59», in Oslo time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s kl. %(time)s") % {
        "date": long_date(local),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


@register.filter
def gathering_dates(gatherings):
    """A series' dates: «11. november 2026, 17. mars 2027 og 15. september 2027»."""
    return join_and(long_date(g.date) for g in gatherings)


@register.filter
def days_left_text(days):
    if days == 0:
        return _("Siste dag i dag")
    if days == 1:
        return _("1 dag igjen")
    return _("%(days)s dager igjen") % {"days": days}
