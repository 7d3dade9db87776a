"""Nothing public that states a date or a season goes stale when an editor moves the
program's dates: headings, month spans, cards, search results and meta descriptions are
said from the date fields; past gatherings are marked; a closed form is not linked."""

import datetime
import json
import re
from pathlib import Path

from django.utils import translation

import pytest

from program.seasons import month_span_text, period_text
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormPageFactory,
    GatheringFactory,
    ProgramIndexPageFactory,
    ProgramMilestoneFactory,
    ProgramPageFactory,
)
from tests.text import visible_text

SEED_DIR = Path(__file__).resolve().parents[1] / "home" / "seed"


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    page = ProgramPageFactory(parent=index, title="Veiledning", search_description="Et tilbud.")
    ApplicationFormPageFactory(parent=page)
    return page


def text_at(client, url):
    return visible_text(client.get(url).content.decode())


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


# Seasons and months, said from dates


@pytest.mark.parametrize(
    ("days", "said"),
    [
        ([datetime.date(2026, 3, 19), datetime.date(2026, 6, 30)], "våren 2026"),
        ([datetime.date(2026, 8, 1), datetime.date(2026, 12, 31)], "høsten 2026"),
        ([datetime.date(2026, 3, 19), datetime.date(2026, 9, 1)], "2026"),
        ([datetime.date(2026, 11, 1), datetime.date(2027, 2, 1)], "2026–2027"),
    ],
)
def test_period_is_the_shortest_that_covers_the_dates(days, said):
    assert period_text(days) == said


def test_month_span_in_each_language():
    may, june = datetime.date(2026, 5, 1), datetime.date(2026, 6, 30)
    assert month_span_text(may, june) == "Mai/juni"
    assert month_span_text(may) == "Mai"
    assert month_span_text(may, datetime.date(2026, 8, 31)) == "Mai–august"
    with translation.override("en"):
        assert month_span_text(may, june) == "May/June"


def test_timeline_heading_follows_the_dates(client, program):
    assert "Viktige datoer våren 2026" in text_at(client, program.url)
    publish(
        program,
        information_webinar=oslo(2026, 8, 19, 12),
        application_opens=oslo(2026, 8, 19, 13),
        application_closes=oslo(2026, 9, 13, 23, 59),
        reply_date=datetime.date(2026, 9, 30),
    )
    text = text_at(client, program.url)
    assert "Viktige datoer høsten 2026" in text and "våren" not in text


def test_milestones_are_ordered_by_their_sort_date_and_say_their_months(client, program):
    ProgramMilestoneFactory(
        page=program,
        date=datetime.date(2026, 9, 1),
        end_date=None,
        months_only=True,
        description="Oppstart",
    )
    ProgramMilestoneFactory(
        page=program,
        date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 6, 30),
        description="Kommunene kontaktes",
    )
    program.save_revision().publish()
    text = text_at(client, program.url)
    assert text.index("Mai/juni: Kommunene kontaktes") < text.index("September: Oppstart")


# Where the deadline is repeated: cards, meta descriptions, search


def test_meta_description_and_search_take_the_deadline_from_the_field(client, program):
    html = client.get(program.url).content.decode()
    assert '<meta name="description" content="Et tilbud. Søknadsfrist 13. april 2026.">' in html
    publish(program, application_closes=oslo(2026, 4, 20, 23, 59))
    html = client.get(program.url).content.decode()
    assert '<meta name="description" content="Et tilbud. Søknadsfrist 20. april 2026.">' in html
    results = text_at(client, "/sok/?q=Veiledning")
    assert "Et tilbud. Søknadsfrist 20. april 2026." in results


def test_program_card_on_the_home_page_takes_the_deadline_from_the_field(
    seeded_site, client, clock
):
    from program.models import ProgramPage

    program = ProgramPage.objects.get(locale__language_code="nb")
    assert "Søknadsfristen gikk ut 13. april 2026" in text_at(client, "/")
    clock(oslo(2026, 4, 1, 12))
    publish(program, application_closes=oslo(2026, 4, 20, 23, 59))
    assert "Søknadsportalen er åpen – frist 20. april 2026" in text_at(client, "/")


def seed_texts(node):
    """Every free text in a seed file (dates and times in date fields left out)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in {"date", "end_date", "program_start", "program_end"}:
                yield from seed_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from seed_texts(item)
    elif isinstance(node, str) and not re.fullmatch(r"[\d:T-]+", node):
        yield node


def test_seed_text_repeats_no_date(seeded_site):
    """Cards and descriptions say the deadline from the fields; the seed's text must not
    repeat it. Text that names a date says one the program has («i mai eller juni»)."""
    from program.dates_in_text import dates_in_text, stale_mentions
    from program.models import ProgramPage

    home = json.loads((SEED_DIR / "home.json").read_text(encoding="utf-8"))
    assert [t for t in seed_texts(home) if dates_in_text(t)] == []
    program = ProgramPage.objects.get(locale__language_code="nb")
    seed = json.loads((SEED_DIR / "program.json").read_text(encoding="utf-8"))
    assert [t for t in seed_texts(seed) if stale_mentions(t, program.date_spans())] == []
    descriptions = [t for t in seed_texts(seed["pages"][0]) if t.startswith("Et nasjonalt")]
    assert descriptions and not any(dates_in_text(t) for t in descriptions)


# Past gatherings and a closed form


def test_past_gatherings_are_marked_with_their_date_still_shown(client, program, clock):
    GatheringFactory(page=program, date=datetime.date(2026, 8, 26), title="KickOff")
    GatheringFactory(page=program, date=datetime.date(2026, 11, 11), title="Konferanse")
    clock(oslo(2026, 9, 1, 12))
    text = text_at(client, program.url)
    assert "Onsdag 26. august 2026 kl. 9–13 KickOff Gjennomført" in text
    assert "Konferanse Neste samling" in text
    assert text.count("Gjennomført") == 2  # in the overview and in the table


def test_closed_status_box_does_not_link_to_the_form(client, program, clock):
    form_url = program.get_children().get().url
    clock(oslo(2026, 4, 1, 12))
    assert f'href="{form_url}"' in client.get(program.url).content.decode()
    clock(oslo(2026, 4, 14, 12))
    html = client.get(program.url).content.decode()
    assert f'href="{form_url}"' not in html
    assert "Søknadsportalen er stengt" in visible_text(html)


def test_migration_turns_month_labels_into_month_spans(program):
    """Existing «Mai/juni» labels follow the dates after the upgrade; other labels stay."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "program.migrations.0003_milestone_periods_and_derived_timeline_heading"
    )
    months = ProgramMilestoneFactory(
        page=program,
        date=datetime.date(2026, 5, 1),
        end_date=None,
        months_only=False,
        date_label="Mai/juni",
    )
    free = ProgramMilestoneFactory(
        page=program,
        date=datetime.date(2026, 9, 1),
        end_date=None,
        months_only=False,
        date_label="Etter sommeren",
    )
    migration.months_from_labels(apps, None)
    months.refresh_from_db()
    free.refresh_from_db()
    assert (months.date_label, months.months_only, months.end_date) == (
        "",
        True,
        datetime.date(2026, 6, 30),
    )
    assert months.shown_as == "Mai/juni"
    assert (free.date_label, free.months_only) == ("Etter sommeren", False)
