"""The municipality list in forms/data/kommuner.csv: Norway's 357 kommuner from 2024-01-01.

Checks the file's shape (357 sorted rows, unique four-digit numbers, 15 counties, each
municipality number starting with its county number), that the names changed after
2024-01-01 carry their current official names, that shared names (Herøy, Våler) occur
exactly twice, and that every row agrees with the reference extract of Kartverket's
«Administrative enheter – kommuner/fylker» (Kilde: Kartverket, CC BY 4.0) when that file
is available. No database is needed: the CSV is read directly.
"""

import csv
import os
import re
from collections import Counter
from pathlib import Path

import pytest

DATA_FILE = Path(__file__).resolve().parents[1] / "forms" / "data" / "kommuner.csv"

# The reference lives outside the repo (shared/ beside the checkout, as on CI); the site
# itself never reads it.
REFERENCE_FILE = Path(
    os.environ.get(
        "MUNICIPALITY_REFERENCE_CSV",
        Path(__file__).resolve().parents[2] / "shared" / "reference" / "kommuner-2024.csv",
    )
)

COLUMNS = ["kommunenummer", "navn", "fylkesnummer", "fylke"]

# Official names changed after 2024-01-01 (same numbers); the reference has the old ones.
RENAMED = {
    "0301": "Oslo - Oslove",
    "1833": "Rana - Raane",
    "1845": "Sørfold - Fuolldá",
    "5006": "Steinkjer - Stïentje",
    "5037": "Levanger - Levangke",
    "5516": "Gratangen - Rivtták",
    "5536": "Lyngen - Ivgu - Yykeä",
}

# Names that two municipalities share, with the numbers that carry them.
SHARED_NAMES = {
    "Herøy": {"1515", "1818"},
    "Våler": {"3114", "3419"},
}


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, f"{path}: unexpected header {reader.fieldnames}"
        return list(reader)


@pytest.fixture(scope="module")
def rows():
    return read_rows(DATA_FILE)


@pytest.fixture(scope="module")
def by_number(rows):
    return {row["kommunenummer"]: row for row in rows}


def test_357_sorted_rows_with_unique_four_digit_numbers(rows):
    numbers = [row["kommunenummer"] for row in rows]
    assert len(rows) == 357
    assert all(re.fullmatch(r"\d{4}", number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)
    assert all(row["navn"].strip() == row["navn"] and row["navn"] for row in rows)


def test_15_counties_and_numbers_start_with_the_county_number(rows):
    counties = {}
    for row in rows:
        assert re.fullmatch(r"\d{2}", row["fylkesnummer"]), row
        counties.setdefault(row["fylkesnummer"], set()).add(row["fylke"])
        assert row["kommunenummer"].startswith(row["fylkesnummer"]), row
    assert len(counties) == 15
    assert all(len(names) == 1 for names in counties.values()), counties
    assert len({name for names in counties.values() for name in names}) == 15


def test_renamed_municipalities_carry_their_current_names(by_number):
    current = {number: by_number[number]["navn"] for number in RENAMED}
    assert current == RENAMED


def test_shared_names_occur_exactly_twice(rows):
    counts = Counter(row["navn"] for row in rows)
    for name, numbers in SHARED_NAMES.items():
        assert counts[name] == 2, name
        assert {row["kommunenummer"] for row in rows if row["navn"] == name} == numbers


def load_reference():
    """The reference rows by number; skips (or fails on CI) when the file is absent."""
    if not REFERENCE_FILE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"The municipality reference file is missing: {REFERENCE_FILE}")
        pytest.skip(
            f"Municipality reference not found at {REFERENCE_FILE} (set MUNICIPALITY_REFERENCE_CSV)"
        )
    return {row["kommunenummer"]: row for row in read_rows(REFERENCE_FILE)}


def test_same_numbers_as_the_reference(by_number):
    reference = load_reference()
    assert sorted(by_number) == sorted(reference)


def test_every_row_matches_the_reference(by_number):
    reference = load_reference()
    mismatches = []
    for number, ref in sorted(reference.items()):
        row = by_number.get(number)
        if row is None:
            continue  # reported by test_same_numbers_as_the_reference
        expected = {**ref, "navn": RENAMED.get(number, ref["navn"])}
        if row != expected:
            mismatches.append((row, expected))
    assert not mismatches, "\n".join(f"{got} != expected {want}" for got, want in mismatches)
