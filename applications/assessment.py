"""The rules of the assessment panel, in one place for every view, export and test: who
may assess, which criteria a round has, how an assessment is averaged, who sees scores.

- An assessor's score for an application is the weighted average of their scores on the
  round's criteria (the Norwegian form page's rows), counted once delivered.
- An application's score is the mean of those, without any assessor who declared
  themself partial; its spread is the highest minus the lowest.
- Independent assessment: someone assigned to an application sees no score on it until
  they have delivered their own; a partial assessor sees none at all.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.log_actions import log

from forms.permissions import REVIEW_PERMISSION, may_review

from .models import ASSESS_PERMISSION, Assessment

TWO_PLACES = Decimal("0.01")


def may_assess(user):
    """Outside assessors (their permission) and reviewers, who may be assessors too."""
    return bool(user and user.is_active and (user.has_perm(ASSESS_PERMISSION) or may_review(user)))


def assessors():
    """The active users staff may assign as assessors, whatever gives them the right
    (superusers only if they hold a permission themselves)."""
    users = get_user_model().objects
    holders = [
        users.with_perm(
            permission,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        ).values("pk")
        for permission in (ASSESS_PERMISSION, REVIEW_PERMISSION)
    ]
    return (
        users.filter(Q(pk__in=holders[0]) | Q(pk__in=holders[1]), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def round_criteria(form_page):
    """The round's criteria: the Norwegian form page's rows as published, in their order."""
    return list(form_page.specific.source_page.assessment_criteria.all())


def rounded(value):
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def assessment_average(scores, criteria):
    """The weighted average of {criterion_key: score}, or None until every criterion has a
    score. Criteria removed from the page since are left out; new ones must be scored."""
    if not criteria:
        return None
    total = weights = Decimal(0)
    for criterion in criteria:
        score = scores.get(criterion.translation_key)
        if score is None:
            return None
        total += Decimal(score) * criterion.weight
        weights += criterion.weight
    return rounded(total / weights)


def scores_of(assessment):
    """{criterion_key: score} of an assessment whose scores are prefetched or fetched."""
    return {s.criterion_key: s.score for s in assessment.scores.all() if s.score is not None}


@dataclass
class ApplicationScore:
    """What the ranking, the application's page and the exports show of one application."""

    average: Decimal | None = None
    spread: Decimal | None = None
    delivered: int = 0
    assigned: int = 0
    partial: int = 0
    # True when the viewer must not see scores on this application (yet).
    hidden: bool = False

    def disagrees(self, limit):
        return self.spread is not None and limit is not None and self.spread > limit


def sees_scores(user, assessments):
    """Whether the user may see scores on an application with these assessments."""
    own = next((a for a in assessments if a.assessor_id == user.pk), None)
    if own is not None:
        return own.is_delivered and not own.is_partial
    return may_review(user)


def summarise(assessments, criteria, viewer):
    """The ApplicationScore of one application from its assessments (scores prefetched)."""
    summary = ApplicationScore(
        assigned=sum(1 for a in assessments if not a.is_partial),
        partial=sum(1 for a in assessments if a.is_partial),
    )
    if not sees_scores(viewer, assessments):
        summary.hidden = True
        return summary
    averages = [
        average
        for a in assessments
        if a.is_delivered and not a.is_partial
        if (average := assessment_average(scores_of(a), criteria)) is not None
    ]
    summary.delivered = len(averages)
    if averages:
        summary.average = rounded(sum(averages) / len(averages))
        summary.spread = max(averages) - min(averages)
    return summary


def tied_municipality_numbers(user):
    profile = getattr(user, "assessor_profile", None) if user.pk else None
    if profile is None:
        return set()
    return set(profile.tied_municipalities.values_list("number", flat=True))


def likely_partial(submission, tied_numbers):
    """Whether the application comes from (or with) a municipality the assessor is tied to.
    The partners should be prefetched when many applications are checked."""
    numbers = {submission.municipality_id, *(m.pk for m in submission.partner_municipalities.all())}
    return bool(numbers & tied_numbers)


def assignments_of(user):
    """The user's own assessments, newest application first, with what lists need."""
    return (
        Assessment.objects.filter(assessor=user)
        .select_related("submission", "submission__municipality", "submission__page")
        .order_by("-submission__submit_time", "pk")
    )


def log_assessment(assessment, action, user, **data):
    """Every step of an assessment goes into the application's history (which reviewers
    read). Scores and declarations are named, justifications and reasons never copied."""
    assessor = assessment.assessor
    log(
        assessment.submission,
        f"applications.assessment.{action}",
        user=user,
        data={
            "assessor": assessor.pk if assessor else None,
            "assessor_name": (assessor.get_full_name() or assessor.get_username())
            if assessor
            else "",
            **data,
        },
    )
