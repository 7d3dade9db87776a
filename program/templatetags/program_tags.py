"""`{% load program_tags %}`: a program's gatherings and its application window, as the
templates show them. The wording lives in program/window_texts.py, the date formats in
website/dates.py (`{% load dates %}`)."""

from django import template

from website.dates import join_and, long_date

from .. import window_texts

register = template.Library()


@register.filter
def gathering_dates(gatherings):
    """A series' dates: «11. november 2026, 17. mars 2027 og 15. september 2027»."""
    return join_and(long_date(g.date) for g in gatherings)


@register.filter
def window_card_line(status):
    """«Søknadsportalen er åpen – frist 13. april 2026», for a card linking to the program."""
    return window_texts.card_line(status) if status else ""


@register.simple_tag
def window_status_box(status, kind, contact_text=""):
    """The status box's content: `kind` "program" (the program page) or "form"."""
    if kind == "program":
        return window_texts.program_status_box(status)
    return window_texts.form_status_box(status, contact_text)
