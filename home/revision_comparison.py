"""How Wagtail's revision comparison («Sammenlign») shows values that are not text.

Wagtail prints such values as Python does: a date and time as
«2026-04-13 21:59:00+00:00» (UTC, the way revisions store them), a day as «2026-04-13», an
empty value as «None», a yes/no as «True». Here they are shown as the rest of the admin
shows them: in the admin's time zone (Europe/Oslo, or the user's own), in the language's
formats («13. april 2026 kl. 23.59»), yes/no in words, and an empty value as nothing.
Registered for the field types; page models need no change.
"""

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class

EMPTY = "–"  # an unchanged value that is not set


def display_value(value):
    """A field's value as staff read it, or "" when it is not set."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "TIME_FORMAT")
    return formats.localize(value)


def value_diff(display_a, display_b):
    """Old value struck out, new value added; an empty side shows nothing."""
    if display_a == display_b:
        return escape(display_a or EMPTY)
    changes = []
    if display_a:
        changes.append(("deletion", display_a))
    if display_b:
        changes.append(("addition", display_b))
    return TextDiff(changes).to_html()


class ValueComparison(FieldComparison):
    def htmldiff(self):
        return value_diff(display_value(self.val_a), display_value(self.val_b))


FIELD_TYPES = [
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.BooleanField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
]


def register_value_comparisons():
    for field_type in FIELD_TYPES:
        register_comparison_class(field_type, comparison_class=ValueComparison)
