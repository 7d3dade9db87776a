"""What the ranking tests share: the ranking's addresses, and many applications with
delivered assessments made in bulk (for the query counts)."""

from django.utils import timezone

from applications.models import Assessment, CriterionScore, Declaration
from forms.models import ApplicationSubmission, Municipality


def ranking_url(page):
    return f"/admin/vurdering/rangering/{page.pk}/"


def proposals_url(page):
    return f"{ranking_url(page)}innstilling/"


def settings_url(page):
    return f"{ranking_url(page)}runde/"


def export_url(page, kind, file_format):
    return f"{ranking_url(page)}eksport/{kind}.{file_format}"


def bulk_applications(form_page, count, criteria, assessors, start=1000):
    """count applications from different municipalities, each with a delivered assessment
    by every assessor and a score on every criterion."""
    municipalities = list(Municipality.objects.order_by("number")[:count])
    applications = ApplicationSubmission.objects.bulk_create(
        ApplicationSubmission(
            page=form_page,
            form_data={},
            reference=f"VKU-2026-{start + n:05d}",
            municipality=municipalities[n % len(municipalities)],
        )
        for n in range(count)
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(
            submission=application,
            assessor=assessor,
            declaration=Declaration.IMPARTIAL,
            declared_at=now,
            delivered_at=now,
        )
        for application in applications
        for assessor in assessors
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assessment=assessment,
            criterion_key=criterion.translation_key,
            score=1 + (assessment.pk + index) % 6,
        )
        for assessment in assessments
        for index, criterion in enumerate(criteria)
    )
    return applications
