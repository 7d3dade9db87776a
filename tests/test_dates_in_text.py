"""Finding Norwegian dates and seasons in free text, and telling which no longer fit."""

from datetime import date

import pytest

from program.dates_in_text import DateMention, dates_in_text, stale_mentions


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Søknadsfrist 13. april.", DateMention("13. april", (4,), 13)),
        ("Frist 13. april 2026", DateMention("13. april 2026", (4,), 13, 2026)),
        ("innen 13.04.2026", DateMention("13.04.2026", (4,), 13, 2026)),
        ("innen 3.4.26", DateMention("3.4.26", (4,), 3, 2026)),
        ("Viktige datoer våren 2026", DateMention("våren 2026", year=2026, season="spring")),
        ("oppstart høsten 2026", DateMention("høsten 2026", year=2026, season="autumn")),
        ("Mai/juni", DateMention("Mai/juni", (5, 6))),
        ("i mai eller juni", DateMention("i mai eller juni", (5, 6))),
        ("fra mars 2027", DateMention("fra mars 2027", (3,), year=2027)),
        ("mai–august", DateMention("mai–august", (5, 6, 7, 8))),
        ("<p>Svar <b>30. april</b></p>", DateMention("30. april", (4,), 30)),
    ],
)
def test_finds_the_mention(text, mention):
    assert dates_in_text(text) == [mention]


@pytest.mark.parametrize(
    "text",
    [
        "Rammeplan for kulturskolen (2024)",
        "Mars er en planet.",  # a month name alone is not a date
        "Referanse VKU-2026-0001, versjon 1.2",
        "Samlinger onsdager kl. 9–13",
        "",
    ],
)
def test_ignores_what_is_not_a_date(text):
    assert dates_in_text(text) == []


def test_finds_several_in_order():
    found = dates_in_text("Åpner 19. mars, frist 13.04.2026, svar i mai/juni.")
    assert [m.text for m in found] == ["19. mars", "13.04.2026", "i mai/juni"]


SPANS = [
    (date(2026, 4, 13), date(2026, 4, 13)),  # the deadline
    (date(2026, 5, 1), date(2026, 6, 30)),  # a milestone «Mai/juni»
    (date(2026, 8, 1), date(2027, 12, 31)),  # the program period
]


@pytest.mark.parametrize(
    "text",
    ["Frist 13. april", "13.04.2026", "svar i mai eller juni", "våren 2026", "høsten 2027"],
)
def test_mentions_that_fit_the_dates(text):
    assert stale_mentions(text, SPANS) == []


@pytest.mark.parametrize(
    ("text", "stale"),
    [
        ("Frist 20. april", "20. april"),
        ("Frist 13.04.2025", "13.04.2025"),
        ("svar i juli", "i juli"),
        ("våren 2025", "våren 2025"),
        # A day inside the long program period is not said by the period.
        ("Oppstart 3. september", "3. september"),
    ],
)
def test_mentions_that_no_longer_fit(text, stale):
    assert [m.text for m in stale_mentions(text, SPANS)] == [stale]
