"""Seasons and month spans said from dates, so no heading or label has to be typed.

A school year has two terms: spring (January–June, «våren») and autumn (July–December,
«høsten»). «Viktige datoer våren 2026» is said from the timeline's dates; «Mai/juni» from a
milestone's first and last day.
"""

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

SPRING, AUTUMN = "spring", "autumn"


def season_of(day):
    """(SPRING or AUTUMN, year) of a date."""
    return (SPRING if day.month <= 6 else AUTUMN, day.year)


def season_text(season, year):
    if season == SPRING:
        return _("våren %(year)s") % {"year": year}
    return _("høsten %(year)s") % {"year": year}


def period_text(days):
    """«våren 2026», «2026» or «2026–2027»: the shortest that covers every date."""
    days = sorted(days)
    if not days:
        return ""
    seasons = {season_of(day) for day in days}
    if len(seasons) == 1:
        return season_text(*seasons.pop())
    first, last = days[0].year, days[-1].year
    return str(first) if first == last else f"{first}–{last}"


def timeline_heading(days):
    period = period_text(days)
    if not period:
        return _("Viktige datoer")
    return _("Viktige datoer %(period)s") % {"period": period}


def month_span_text(first, last=None):
    """«Mai», «Mai/juni» or «Mai–august» in the active language, from a first and last day."""
    last = last or first
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(str(MONTHS[month]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(months) == 1:
        text = months[0]
    elif len(months) == 2:
        text = f"{months[0]}/{months[1]}"
    else:
        text = f"{months[0]}–{months[-1]}"
    return text[:1].upper() + text[1:]
