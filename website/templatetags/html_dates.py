"""`{% load html_dates %}`: dates and moments as HTML's `datetime` attribute accepts them.

Django's `|date:"c"` writes microseconds (`06:45:41.380049+01:00`), which HTML forbids: a
fraction of a second has one to three digits. Every `<time datetime="…">` uses
`|html_datetime` instead: a moment in Oslo time, to the millisecond at most, or a day.
"""

import datetime

from django import template
from django.utils import timezone

from website.dates import OSLO

register = template.Library()


@register.filter
def html_datetime(value):
    """A valid HTML date or global date-and-time string; "" for anything else.

    An aware moment: "YYYY-MM-DDTHH:MM[:SS[.mmm]]+HH:MM" in Europe/Oslo (seconds and
    milliseconds only when they are not zero). A naive one is taken as Oslo time, as
    every time the site states is. A date: "YYYY-MM-DD".
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=OSLO)
        value = value.astimezone(OSLO)
        if value.microsecond // 1000:
            timespec = "milliseconds"
        elif value.second or value.microsecond:
            timespec = "seconds"
        else:
            timespec = "minutes"
        return value.isoformat(timespec=timespec)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
