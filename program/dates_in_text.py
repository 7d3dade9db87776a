"""Dates and seasons written in Norwegian text, and whether they still fit a program's dates.

Editors write «Søknadsfrist 13. april», «innen 13.04.2026», «våren 2026» or «i mai/juni»
in free text. When the program's date fields move, such text goes stale; this module finds
the mentions so the editor can be warned (program/wagtail_hooks.py). It never blocks.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTHS = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip
_MONTH = "|".join(MONTHS)
_YEAR = r"(?:\s+(?P<year>\d{4}))?"

NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}|\d{2})\b")
DAY_AND_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s+(?P<month>{_MONTH})\b{_YEAR}", re.I)
SEASON = re.compile(r"\b(?P<season>vår|høst)(?:en|semesteret)?\s+(?P<year>\d{4})\b", re.I)
# Month names alone are common words only in other senses («mars»): counted when a year,
# another month or a preposition of time goes with them.
MONTHS_GROUP = re.compile(
    rf"(?:\b(?P<prep>i|innen|fra|til|før|etter|fram til|frem til|siden)\s+)?"
    rf"\b(?P<months>(?:{_MONTH})(?:\s*(?:/|–|-|og|eller)\s*(?:{_MONTH}))*)\b{_YEAR}",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date or a period found in text: a day, some months or a season, maybe a year."""

    text: str
    months: tuple[int, ...] = ()
    day: int | None = None
    year: int | None = None
    season: str | None = None  # "spring" (January–June) or "autumn" (July–December)

    def fits(self, spans):
        """Whether any of the program's dates says the same. `spans` are (first, last)
        pairs; a single date is (day, day)."""
        return any(self._fits(first, last) for first, last in spans)

    def _fits(self, first, last):
        if self.season:
            months = range(1, 7) if self.season == "spring" else range(7, 13)
            return _overlaps(first, last, self.year, self.year, months)
        if self.day is not None:
            # A day is said by a single date, not by lying inside a long period.
            return (
                first == last
                and (first.day, first.month) == (self.day, self.months[0])
                and self.year in (None, first.year)
            )
        if (last - first).days > 92:
            return False  # a month is said by a date or a short period, not the program's
        return _overlaps(first, last, self.year, self.year, self.months)


def _overlaps(first, last, year_from, year_to, months):
    day = date(first.year, first.month, 1)
    while day <= last:
        if day.month in months and (year_from is None or day.year == year_from):
            return True
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return False


def _year(text):
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def dates_in_text(text):
    """Every date, month span or season mentioned in `text`, in order of appearance."""
    text = re.sub(r"<[^>]+>", " ", text or "")  # rich text: the words, not the markup
    found, taken = [], []

    def free(match):
        return not any(s < match.end() and match.start() < e for s, e in taken)

    def add(match, mention):
        taken.append(match.span())
        found.append((match.start(), mention))

    for match in NUMERIC_DATE.finditer(text):
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            add(match, DateMention(match[0], (month,), day, _year(match["year"])))
    for match in filter(free, DAY_AND_MONTH.finditer(text)):
        month = MONTHS.index(match["month"].lower()) + 1
        add(match, DateMention(match[0], (month,), int(match["day"]), _year(match["year"])))
    for match in filter(free, SEASON.finditer(text)):
        season = "spring" if match["season"].lower() == "vår" else "autumn"
        add(match, DateMention(match[0], year=int(match["year"]), season=season))
    for match in filter(free, MONTHS_GROUP.finditer(text)):
        names = re.findall(_MONTH, match["months"], re.I)
        if not (match["prep"] or match["year"] or len(names) > 1):
            continue
        months = tuple(MONTHS.index(name.lower()) + 1 for name in names)
        if re.search(r"–|-", match["months"]) and len(months) == 2:
            months = tuple(range(months[0], months[1] + 1))
        add(match, DateMention(match[0].strip(), months, year=_year(match["year"])))
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def stale_mentions(text, spans):
    """The mentions in `text` that none of the program's dates says."""
    return [mention for mention in dates_in_text(text) if not mention.fits(spans)]


def stream_text(stream_value):
    """Every string in a StreamField's content, joined: the words an editor typed."""

    def strings(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("type", "id"):
                    yield from strings(value)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)
        elif isinstance(node, str):
            yield node

    return " ".join(strings(stream_value.get_prep_value())) if stream_value else ""
