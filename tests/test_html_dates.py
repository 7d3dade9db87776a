"""`|html_datetime`: every `<time datetime>` value is one HTML accepts (issue 19, item 8)."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.template import Context, Template

import pytest

from website.templatetags.html_dates import html_datetime

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC

# HTML's «valid global date and time string» as this filter writes it.
GLOBAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?[+-]\d{2}:\d{2}$")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # The bug: Django's |date:"c" wrote six digits of a second.
        (
            datetime.datetime(2026, 12, 31, 6, 45, 41, 380049, tzinfo=OSLO),
            "2026-12-31T06:45:41.380+01:00",
        ),
        (datetime.datetime(2026, 12, 31, 6, 45, 41, tzinfo=OSLO), "2026-12-31T06:45:41+01:00"),
        (datetime.datetime(2026, 12, 31, 23, 59, tzinfo=OSLO), "2026-12-31T23:59+01:00"),
        # Less than a millisecond: whole seconds, never «.000».
        (datetime.datetime(2026, 3, 2, 9, 0, 0, 999, tzinfo=OSLO), "2026-03-02T09:00:00+01:00"),
        # A moment in UTC is said in Oslo time, summer and winter.
        (datetime.datetime(2026, 6, 30, 22, 0, tzinfo=UTC), "2026-07-01T00:00+02:00"),
        (datetime.datetime(2026, 1, 15, 11, 30, tzinfo=UTC), "2026-01-15T12:30+01:00"),
        # Naive: Oslo time, as every time the site states.
        (datetime.datetime(2026, 8, 26, 10, 0), "2026-08-26T10:00+02:00"),
        (datetime.date(2027, 2, 19), "2027-02-19"),
        (None, ""),
        ("", ""),
    ],
)
def test_html_datetime(value, expected):
    assert html_datetime(value) == expected


@pytest.mark.parametrize("microsecond", [0, 1, 999, 1000, 123456, 999999])
def test_every_moment_is_a_valid_global_date_and_time(microsecond):
    moment = datetime.datetime(2026, 10, 25, 2, 30, 7, microsecond, tzinfo=UTC)
    assert GLOBAL_DATETIME.match(html_datetime(moment))


def test_filter_in_a_template():
    template = Template('{% load html_dates %}<time datetime="{{ when|html_datetime }}">')
    when = datetime.datetime(2026, 12, 31, 6, 45, 41, 380049, tzinfo=OSLO)
    assert template.render(Context({"when": when})) == (
        '<time datetime="2026-12-31T06:45:41.380+01:00">'
    )


def test_no_template_writes_datetime_with_django_date_filter():
    """`|date:"c"` (microseconds) or any other format in a datetime attribute is the bug."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for template in (root / "templates").rglob("*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            for attribute in re.findall(r'datetime="[^"]*"', line):
                if "html_datetime" not in attribute and "{{ iso }}" not in attribute:
                    offenders.append(f"{template.relative_to(root)}:{number}: {attribute}")
    assert offenders == []
