"""Every sentence the site says about an application window, in one place.

The program page's status box, the form's status box (on the form page and in the block
that shows a form elsewhere), a program card's line and the refusal of a form sent outside
its window are all said here from a WindowStatus (application_window.py), so they cannot
drift apart. The status box itself is one template: program/includes/window_status.html.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from website.dates import date_and_time, long_date
from website.templatetags.html_dates import html_datetime

from .application_window import WindowState


@dataclass(frozen=True)
class StatusBox:
    state: str  # the box's look: "open", "not_open" or "closed"
    heading: str
    text: str = ""  # safe HTML under the heading
    note: str = ""  # a further line (the form's contact text)
    link_text: str = ""  # the link to the form, when there is one to follow


def days_left_text(days):
    if days == 0:
        return _("Siste dag i dag")
    if days == 1:
        return _("1 dag igjen")
    return _("%(days)s dager igjen") % {"days": days}


def _with_time(message, moment, **values):
    """A translated sentence holding `<time datetime="%(iso)s">`, its values escaped."""
    values["iso"] = html_datetime(moment)
    return mark_safe(message % {name: conditional_escape(v) for name, v in values.items()})


def program_status_box(status):
    """The program page's box: is the portal open, and until when."""
    if status is None:
        return None
    if status.state is WindowState.OPEN:
        deadline = _with_time(
            _('Frist <time datetime="%(iso)s">%(deadline)s</time>.'),
            status.closes,
            deadline=date_and_time(status.closes),
        )
        days = conditional_escape(days_left_text(status.days_left))
        return StatusBox(
            status.state,
            _("Søknadsportalen er åpen"),
            mark_safe(f"{deadline}\n<strong>{days}.</strong>"),
            link_text=_("Gå til søknadsskjemaet"),
        )
    if status.state is WindowState.NOT_OPEN:
        return StatusBox(
            status.state,
            _("Søknadsportalen er ikke åpnet ennå"),
            _with_time(
                _(
                    'Portalen åpner <time datetime="%(iso)s">%(opens)s</time>. Søknadsfristen '
                    "er %(deadline)s."
                ),
                status.opens,
                opens=date_and_time(status.opens),
                deadline=long_date(status.closes),
            ),
            link_text=_("Se søknadsskjemaet"),
        )
    # A closed form is not linked: nobody can send it any more.
    return StatusBox(
        status.state,
        _("Søknadsportalen er stengt"),
        _with_time(
            _('Søknadsfristen gikk ut <time datetime="%(iso)s">%(deadline)s</time>.'),
            status.closes,
            deadline=date_and_time(status.closes),
        ),
    )


def form_status_box(status, contact_text=""):
    """The application form's box: can it be sent now, and until when."""
    if status is None:
        return StatusBox(WindowState.CLOSED, _("Søknadsskjemaet er ikke åpent."))
    if status.state is WindowState.OPEN:
        deadline = _("Søknadsfrist %(deadline)s.") % {"deadline": date_and_time(status.closes)}
        return StatusBox(status.state, f"{deadline} {days_left_text(status.days_left)}.")
    if status.state is WindowState.NOT_OPEN:
        heading = _("Søknadsskjemaet åpner %(opens)s.") % {"opens": date_and_time(status.opens)}
    else:
        heading = _("Søknadsfristen gikk ut %(closes)s. Skjemaet er stengt.") % {
            "closes": date_and_time(status.closes)
        }
    return StatusBox(status.state, heading, note=contact_text)


def card_line(status):
    """One line on a card that links to the program."""
    if status.state is WindowState.OPEN:
        return _("Søknadsportalen er åpen – frist %(deadline)s") % {
            "deadline": long_date(status.closes)
        }
    if status.state is WindowState.NOT_OPEN:
        return _("Søknadsportalen åpner %(opens)s") % {"opens": long_date(status.opens)}
    return _("Søknadsfristen gikk ut %(deadline)s") % {"deadline": long_date(status.closes)}


def refusal(status, contact):
    """Why a form sent now is not taken, or None when it is: `contact` says whom to ask."""
    if status is None:
        return _("Søknadsskjemaet er ikke åpent. %(contact)s") % {"contact": contact}
    if status.state is WindowState.NOT_OPEN:
        return _(
            "Søknaden ble ikke sendt: skjemaet åpner %(opens)s. Svarene dine står fortsatt i "
            "skjemaet. %(contact)s"
        ) % {"opens": date_and_time(status.opens), "contact": contact}
    if status.state is WindowState.CLOSED:
        return _(
            "Søknaden ble ikke sendt: søknadsfristen gikk ut %(closes)s. Svarene dine står "
            "fortsatt i skjemaet. %(contact)s"
        ) % {"closes": date_and_time(status.closes), "contact": contact}
    return None
