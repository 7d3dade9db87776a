"""The calendar feed (RFC 5545) of a program's gatherings, for Outlook and Google Calendar."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard


def _yearly_change(component_class, name, first, offset_from, offset_to):
    """A summer or winter time rule: from `first` on, every last Sunday of its month."""
    change = component_class()
    change.add("tzname", name)
    change.add("dtstart", first)
    change.add("tzoffsetfrom", timedelta(hours=offset_from))
    change.add("tzoffsetto", timedelta(hours=offset_to))
    change.add("rrule", {"freq": "yearly", "bymonth": first.month, "byday": "-1su"})
    return change


def oslo_timezone():
    """VTIMEZONE for Europe/Oslo as Outlook and Google write it themselves: two yearly rules.

    icalendar can derive one from zoneinfo, but that lists every transition as an RDATE,
    which some Outlook versions mishandle.
    """
    timezone_component = Timezone()
    timezone_component.add("tzid", "Europe/Oslo")
    timezone_component.add_component(
        _yearly_change(TimezoneDaylight, "CEST", datetime(1970, 3, 29, 2, 0), 1, 2)
    )
    timezone_component.add_component(
        _yearly_change(TimezoneStandard, "CET", datetime(1970, 10, 25, 3, 0), 2, 1)
    )
    return timezone_component


def _calendar(name):
    """An empty VCALENDAR named `name`, with the Oslo VTIMEZONE its events refer to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kulturskolerådet//Program//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    calendar.add_component(oslo_timezone())
    return calendar


def event_title(page, gathering):
    """«Veiledning for kulturskoleutvikling: Fysisk ledersamling»: in a calendar full of
    other things, the event says which program it belongs to."""
    return _("%(program)s: %(gathering)s") % {"program": page.title, "gathering": gathering.title}


def _add_gatherings(calendar, page, host, page_url):
    """One VEVENT per gathering of `page`, in Europe/Oslo time."""
    stamp = page.last_published_at or timezone.now()
    for gathering in page.sorted_gatherings:
        event = Event()
        # Stable across edits, and the same in the program's feed and the site's, so
        # calendar clients update the event instead of duplicating it.
        event.add("uid", f"program-{page.pk}-gathering-{gathering.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", event_title(page, gathering))
        if gathering.start_time:
            event.add("dtstart", gathering.starts_at)
            event.add("dtend", gathering.ends_at if gathering.end_time else gathering.starts_at)
        else:
            event.add("dtstart", gathering.date)
            event.add("dtend", gathering.date + timedelta(days=1))
        mode = gathering.get_mode_display()
        event.add("location", gathering.place or mode)
        event.add(
            "description",
            _("%(program)s. For: %(audience)s. %(mode)s samling. %(url)s")
            % {
                "program": page.title,
                "audience": gathering.audience,
                "mode": mode,
                "url": page_url,
            },
        )
        event.add("url", page_url)
        calendar.add_component(event)


def gatherings_calendar(page, request):
    """One program's gatherings, as iCalendar bytes."""
    site = page.get_site()
    calendar = _calendar(page.title)
    _add_gatherings(calendar, page, _host(site), page.get_full_url(request))
    return calendar.to_ical()


def site_calendar(pages, site, request):
    """Every program's gatherings in one feed, as iCalendar bytes.

    `pages` come with their gatherings prefetched (program/views.py); the UIDs are those of
    each program's own feed, so subscribing to both shows each gathering once.
    """
    calendar = _calendar(_("Kulturskolerådet: samlinger i programmene"))
    for page in pages:
        _add_gatherings(calendar, page, _host(site), page.get_full_url(request))
    return calendar.to_ical()


def _host(site):
    return site.hostname if site else "kulturskoleradet.no"
