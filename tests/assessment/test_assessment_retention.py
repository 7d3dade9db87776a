"""Retention and the assessment panel: justifications and reasons for partiality go with
the application's other personal data; scores, weights, declarations and dates stay, so the
round's figures are the same afterwards."""

import datetime
import io

from django.core.management import call_command

import pytest

from applications.models import CriterionScore, Declaration
from applications.ranking import rank
from applications.retention import apply_retention
from tests.assessment.helpers import add_criteria, assign, declare, score
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.review.helpers import make_application


@pytest.fixture
def old_form(home_page):
    """A form whose program ended in June 2024: its retention ran out on 30 June 2025."""
    program = ProgramPageFactory(
        parent=ProgramIndexPageFactory(parent=home_page),
        slug="gammelt",
        program_start=datetime.date(2023, 1, 1),
        program_end=datetime.date(2024, 6, 30),
    )
    return ApplicationFormPageFactory(parent=program, slug="s1")


@pytest.fixture
def assessed(old_form, assessors, users):
    """Two applications: one scored by two assessors, the other with a partial assessor."""
    criteria = add_criteria(old_form, 1, 2, 1)
    first = make_application(old_form, 1)
    second = make_application(old_form, 2, municipality="0301")
    score(assign(first, assessors[0]), criteria, [6, 5, 4], justification="Sterk forankring")
    score(assign(first, assessors[1]), criteria, [3, 3, 3], justification="Uklar plan")
    score(assign(second, assessors[0]), criteria, [2, 2, 2], justification="Svak")
    declare(assign(second, users["other_reviewer"]), Declaration.PARTIAL, "Søsteren min er rektor")
    return first, second


def figures(page, viewer):
    return [
        (row.application.pk, row.summary.average, row.summary.spread)
        for row in rank(page, viewer).rows
    ]


def test_retention_empties_justifications_and_reasons_and_keeps_the_scores(
    old_form, assessed, users, clock
):
    first, second = assessed
    before = figures(old_form, users["reviewer"])
    scores_before = sorted(CriterionScore.objects.values_list("pk", "score", "criterion_key"))
    assessments_before = sorted(
        second.assessments.values_list("pk", "declaration", "declared_at", "delivered_at")
    ) + sorted(first.assessments.values_list("pk", "declaration", "declared_at", "delivered_at"))
    clock(oslo(2026, 11, 21, 3, 0))
    report = apply_retention()

    assert not CriterionScore.objects.exclude(justification="").exists()
    assert not second.assessments.exclude(declaration_reason="").exists()
    assert sorted(CriterionScore.objects.values_list("pk", "score", "criterion_key")) == (
        scores_before
    )
    assert (
        sorted(second.assessments.values_list("pk", "declaration", "declared_at", "delivered_at"))
        + sorted(first.assessments.values_list("pk", "declaration", "declared_at", "delivered_at"))
        == assessments_before
    )
    assert [c.weight for c in old_form.assessment_criteria.all()] == [1, 2, 1]
    assert figures(old_form, users["reviewer"]) == before
    assert before[0][1] is not None  # the ranking had averages to keep

    lines = list(report.lines())
    assert lines[0].startswith("2 søknader anonymisert")
    assert "9 begrunnelser for score slettet, 1 begrunnelser for habilitet slettet." in lines


def test_the_command_reports_the_counts_and_a_second_run_finds_nothing(old_form, assessed, clock):
    clock(oslo(2026, 11, 21, 3, 0))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "2 søknader anonymisert, 0 vedlegg slettet, 0 notater slettet, 0 svarbrev tømt." in (
        out.getvalue()
    )
    assert "9 begrunnelser for score slettet, 1 begrunnelser for habilitet slettet." in (
        out.getvalue()
    )
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 begrunnelser for score slettet, 0 begrunnelser for habilitet slettet." in (
        out.getvalue()
    )


def test_a_dry_run_and_a_form_still_in_retention_keep_the_justifications(
    old_form, assessed, home_page, assessors, clock
):
    current = ApplicationFormPageFactory(
        parent=ProgramPageFactory(parent=old_form.get_parent().get_parent(), slug="naa"),
        slug="s2",
        reference_prefix="NYT",
    )
    criteria = add_criteria(current, 1)
    kept = score(
        assign(make_application(current, 3), assessors[0]),
        criteria,
        [4],
        justification="Beholdes",
    )
    clock(oslo(2026, 11, 21, 3, 0))
    apply_retention(dry_run=True)
    assert CriterionScore.objects.filter(justification="Sterk forankring").count() == 3
    apply_retention()
    assert list(kept.scores.values_list("justification", flat=True)) == ["Beholdes"]
