"""The seed content: the page tree of DESIGN.md, built idempotently, with every seed sentence."""

import io
import os
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Locale, Page

import pytest

from forms.models import ApplicationFormPage
from home.models import ContentPage, HomePage, SiteSettings, StrategyPage
from program.models import ProgramIndexPage, ProgramPage
from tests.strategy.seed_corrections import corrected
from tests.text import visible_text
from website.dates import OSLO

# The seed documents live outside the repo (shared/ beside the checkout, as on CI); the site
# itself never reads them.
SEED_DOCUMENTS = Path(
    os.environ.get("SEED_DOCUMENTS_DIR", Path(settings.BASE_DIR).parent / "shared" / "seeds")
)
SEED_FILES = ["000_16548e2177664883.txt", "004_ef68283127f40e1b.txt"]

EXPECTED_TREE = [
    ("/", HomePage, "Kulturskolerådet"),
    ("/strategi/", StrategyPage, "Med kulturskolen inn i fremtiden"),
    ("/strategi/interessepolitisk-arbeid/", ContentPage, "Interessepolitisk arbeid"),
    ("/strategi/utviklingsarbeid/", ContentPage, "Utviklingsarbeid"),
    ("/strategi/drift-og-organisasjon/", ContentPage, "Drift og organisasjon"),
    ("/program/", ProgramIndexPage, "Program"),
    (
        "/program/veiledning-for-kulturskoleutvikling/",
        ProgramPage,
        "Veiledning for kulturskoleutvikling",
    ),
    (
        "/program/veiledning-for-kulturskoleutvikling/soknad/",
        ApplicationFormPage,
        "Søknad om deltakelse i Veiledning for kulturskoleutvikling",
    ),
    ("/personvern/", ContentPage, "Personvernerklæring"),
    ("/tilgjengelighetserklaering/", ContentPage, "Tilgjengelighetserklæring"),
]


def test_seed_builds_the_page_tree_of_the_design(seeded_site):
    for url, model, title in EXPECTED_TREE:
        page = Page.objects.get(url_path=f"/home{url}").specific
        assert isinstance(page, model), url
        assert page.title == title
        assert page.live and not page.has_unpublished_changes
        assert page.url == url


def test_running_the_seed_again_changes_nothing(seeded_site):
    before = list(Page.objects.values_list("pk", "url_path", "latest_revision_id"))
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "0 sider opprettet, 0 oppdatert" in out.getvalue()
    assert list(Page.objects.values_list("pk", "url_path", "latest_revision_id")) == before


def test_seed_keeps_editors_changes_unless_reset(seeded_site):
    strategy = StrategyPage.objects.get(locale__language_code="nb")
    strategy.title = "Endret av redaktør"
    strategy.save_revision().publish()
    call_command("load_initial_data", stdout=io.StringIO())
    assert StrategyPage.objects.get(locale__language_code="nb").title == "Endret av redaktør"

    call_command("load_initial_data", "--reset", stdout=io.StringIO())
    strategy = StrategyPage.objects.get(locale__language_code="nb")
    assert strategy.title == "Med kulturskolen inn i fremtiden"
    assert Page.objects.filter(url_path="/home/strategi/").count() == 1


def test_program_dates_are_structured_fields(seeded_site):
    program = ProgramPage.objects.get(locale__language_code="nb")
    in_oslo = "%Y-%m-%d %H:%M %Z"
    assert program.information_webinar.astimezone(OSLO).strftime(in_oslo) == "2026-03-19 12:00 CET"
    assert program.application_opens.astimezone(OSLO).strftime(in_oslo) == "2026-03-19 13:00 CET"
    assert program.application_closes.astimezone(OSLO).strftime(in_oslo) == "2026-04-13 23:59 CEST"
    assert program.reply_date.isoformat() == "2026-04-30"
    gatherings = [
        (g.date.isoformat(), g.start_time, g.end_time, g.audience, g.mode, g.place)
        for g in program.sorted_gatherings
    ]
    assert [g[0] for g in gatherings] == [
        "2026-08-26",
        "2026-09-25",
        "2026-11-11",
        "2027-02-19",
        "2027-03-17",
        "2027-09-15",
        "2027-11-26",
    ]
    conferences = [g for g in gatherings if g[0] in ("2026-11-11", "2027-03-17", "2027-09-15")]
    assert {(g[1].hour, g[2].hour, g[4]) for g in conferences} == {(9, 13, "digital")}
    gardermoen = [g for g in gatherings if g[5] == "Gardermoen"]
    assert [g[0] for g in gardermoen] == ["2026-09-25", "2027-02-19", "2027-11-26"]
    assert {g[3] for g in gardermoen} == {"Rektor+1"}


def test_site_settings_point_at_the_statements(seeded_site):
    site_settings = SiteSettings.for_site(seeded_site)
    assert site_settings.privacy_page.url == "/personvern/"
    assert site_settings.accessibility_page.url == "/tilgjengelighetserklaering/"


# Text fidelity: every line of both seed documents is on the site.

LIST_MARKER = re.compile(r"^\s*(?:[•\-–]|\d+\))\s*")


def normalise(text):
    """Compare words, not typography: list markers, punctuation and case are set aside."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(ch).startswith(("P", "S")) else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def seed_lines():
    missing = [name for name in SEED_FILES if not (SEED_DOCUMENTS / name).exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The seed documents are missing from {SEED_DOCUMENTS}: {missing}")
        pytest.skip(f"Seed documents not found in {SEED_DOCUMENTS} (set SEED_DOCUMENTS_DIR)")
    for name in SEED_FILES:
        for line in (SEED_DOCUMENTS / name).read_text(encoding="utf-8").splitlines():
            line = normalise(LIST_MARKER.sub("", corrected(line)))
            if line:
                yield name, line


def test_every_line_of_the_seed_documents_is_on_the_site(seeded_site, client):
    site_text = " ".join(
        normalise(visible_text(client.get(page.url).content.decode()))
        for page in Page.objects.live().filter(depth__gte=2)
    )
    missing = [(name, line) for name, line in seed_lines() if line not in site_text]
    assert not missing, "Seed lines not found on the site:\n" + "\n".join(
        f"{name}: {line}" for name, line in missing
    )


# The assessment criteria of the program's round, from its page (seed 004).

CRITERIA = [
    (
        "Tydelig ønske om intern utvikling",
        "Kommunen har et tydelig ønske om intern utvikling av profesjon, pedagogikk og "
        "organisasjon.",
        "A clear wish for internal development",
    ),
    (
        "Dedikert kommunegruppe",
        "Kommunen stiller med en dedikert kommunegruppe.",
        "A dedicated municipal group",
    ),
    (
        "Prioritering av tid, kapasitet og deltakelse",
        "Kommunen er villig til å prioritere tid, kapasitet og aktiv deltakelse gjennom hele "
        "programperioden.",
        "Priority of time, capacity and participation",
    ),
    (
        "Vilje til å dele erfaringer",
        "Kommunen vil dele erfaringer og bidra aktivt i det nasjonale læringsfellesskapet.",
        "Willingness to share experience",
    ),
]


def test_the_form_page_has_the_programs_four_criteria_on_one_scale(seeded_site):
    page = ApplicationFormPage.objects.get(locale__language_code="nb", slug="soknad")
    criteria = list(page.assessment_criteria.order_by("sort_order"))
    assert [(c.title, c.description) for c in criteria] == [(t, d) for t, d, _en in CRITERIA]
    assert {(c.scale_min, c.scale_max, c.weight) for c in criteria} == {(1, 6, 1)}
    assert {c.locale.language_code for c in criteria} == {"nb"}


def test_the_english_form_page_has_the_criteria_in_english(seeded_site):
    norwegian = ApplicationFormPage.objects.get(locale__language_code="nb", slug="soknad")
    english = norwegian.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and not english.has_unpublished_changes
    criteria = list(english.specific.assessment_criteria.order_by("sort_order"))
    assert [c.title for c in criteria] == [en for _t, _d, en in CRITERIA]
    assert all(c.description.startswith("The municipality ") for c in criteria)
    assert {(c.scale_min, c.scale_max, c.weight) for c in criteria} == {(1, 6, 1)}
    # The same criteria: a score names its criterion by translation key.
    assert [c.translation_key for c in criteria] == [
        c.translation_key for c in norwegian.assessment_criteria.order_by("sort_order")
    ]


def test_running_the_seed_again_keeps_the_criteria(seeded_site):
    call_command("load_initial_data", stdout=io.StringIO())
    assert ApplicationFormPage.objects.get(
        locale__language_code="nb", slug="soknad"
    ).assessment_criteria.count() == len(CRITERIA)
