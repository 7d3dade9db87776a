from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def clock(value):
    """A time the Norwegian way: «9» for 09:00, «9.30» for 09:30."""
    if value is None:
        return ""
    return str(value.hour) if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


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
    """«a, b og c»."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@register.filter
def days_left_text(days):
    if days == 0:
        return _("Siste dag i dag")
    if days == 1:
        return _("1 dag igjen")
    return _("%(days)s dager igjen") % {"days": days}


@register.filter
def gathering_dates(gatherings):
    """A series' dates: «11. november 2026, 17. mars 2027 og 15. september 2027»."""
    from django.template.defaultfilters import date as format_date

    return join_and(format_date(g.date, "j. F Y") for g in gatherings)
