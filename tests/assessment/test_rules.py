"""The panel's rules as applications/assessment.py computes them: weighted averages, the
spread, who is counted and who sees scores."""

from decimal import Decimal

from applications.assessment import assessment_average, may_assess, scores_of, summarise
from applications.models import Assessment, Declaration
from tests.assessment.helpers import assign, declare, score


def test_an_assessment_is_the_weighted_average_of_its_scores(application, criteria, assessors):
    assessment = score(assign(application, assessors[0]), criteria, [6, 3, 2])
    # (6×1 + 3×2 + 2×1) / 4 = 3.5
    assert assessment_average(scores_of(assessment), criteria) == Decimal("3.50")


def test_an_assessment_with_a_criterion_unscored_has_no_average(application, criteria, assessors):
    assessment = score(assign(application, assessors[0]), criteria[:2], [6, 3])
    assert assessment_average(scores_of(assessment), criteria) is None


def test_the_application_averages_delivered_assessments_and_leaves_out_the_partial(
    application, criteria, assessors, users
):
    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    score(assign(application, assessors[1]), criteria, [2, 2, 2])
    partial = declare(assign(application, users["other_reviewer"]), Declaration.PARTIAL, "Nabo")
    score(partial, criteria, [1, 1, 1])  # scores a partial assessor left are never counted
    draft = score(assign(application, users["superuser"]), criteria, [1, 1, 1], deliver=False)
    assessments = list(Assessment.objects.filter(submission=application))
    summary = summarise(assessments, criteria, users["reviewer"])
    assert summary.average == Decimal("4.00")
    assert summary.spread == Decimal("4.00")
    assert summary.delivered == 2
    assert summary.partial == 1
    assert summary.assigned == 3  # the draft's assessor is still assigned
    assert summary.disagrees(Decimal("1.5")) and not summary.disagrees(Decimal("4"))
    assert draft.pk


def test_scores_are_hidden_from_an_assessor_until_they_deliver(application, criteria, assessors):
    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    own = score(assign(application, assessors[1]), criteria, [2, 2, 2], deliver=False)
    summary = summarise(list(application.assessments.all()), criteria, assessors[1])
    assert summary.hidden and summary.average is None
    own.delivered_at = own.declared_at
    own.save()
    summary = summarise(list(application.assessments.all()), criteria, assessors[1])
    assert not summary.hidden and summary.average == Decimal("4.00")


def test_a_partial_assessor_never_sees_scores(application, criteria, assessors):
    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    declare(assign(application, assessors[1]), Declaration.PARTIAL, "Jobber der")
    assert summarise(list(application.assessments.all()), criteria, assessors[1]).hidden


def test_who_may_assess(users, assessors):
    assert may_assess(assessors[0]) and may_assess(users["reviewer"])
    assert not may_assess(users["editor"]) and not may_assess(users["moderator"])
    assessors[0].is_active = False
    assert not may_assess(assessors[0])
