"""What the assessment tests share: criteria on a form page, assignments and scores made
directly (the views are tested through the client in their own modules)."""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Assessment, CriterionScore, Declaration
from forms.models import AssessmentCriterion

OUTSIDE_ASSESSORS = "Eksterne fagvurderere"


def add_criteria(form_page, *weights, scale=(1, 6)):
    """Criteria «Kriterium 1», … with these weights (default: three of weight 1), published
    with the page, as the ranking reads them."""
    weights = weights or (1, 1, 1)
    form_page.assessment_criteria = [
        AssessmentCriterion(
            title=f"Kriterium {n}",
            description=f"Hva kriterium {n} betyr",
            scale_min=scale[0],
            scale_max=scale[1],
            weight=Decimal(str(weight)),
            sort_order=n,
        )
        for n, weight in enumerate(weights, start=1)
    ]
    form_page.save_revision().publish()
    return list(form_page.assessment_criteria.all())


def make_assessor(django_user_model, name, group=OUTSIDE_ASSESSORS):
    user = django_user_model.objects.create_user(
        name, password="x", first_name=name.capitalize(), last_name="Vurderer"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def assign(application, assessor, by=None):
    return Assessment.objects.create(submission=application, assessor=assessor, assigned_by=by)


def declare(assessment, declaration=Declaration.IMPARTIAL, reason=""):
    assessment.declaration = declaration
    assessment.declaration_reason = reason
    assessment.declared_at = timezone.now()
    assessment.save()
    return assessment


def score(assessment, criteria, scores, deliver=True, justification="Godt begrunnet"):
    """Give scores (one per criterion, in order), declared impartial first if not declared."""
    if not assessment.declaration:
        declare(assessment)
    for criterion, value in zip(criteria, scores, strict=True):
        CriterionScore.objects.update_or_create(
            assessment=assessment,
            criterion_key=criterion.translation_key,
            defaults={"score": value, "justification": justification},
        )
    if deliver:
        assessment.delivered_at = timezone.now()
        assessment.save()
    return assessment
