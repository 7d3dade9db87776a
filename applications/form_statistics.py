"""How far applicants get with each form (issue 16, item 10): drafts started, applications
sent, the completion rate and the step where unsent drafts stopped. Counts only: no
draft, answer or applicant is shown, and nothing beyond the steps' own cookie is used.
What follows a grant is counted too (issue 18, item 5): granted, accepted, not accepted,
reports delivered and approved, from fields the retention keeps."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Locale

from forms.models import (
    ApplicationDraft,
    ApplicationFormPage,
    ApplicationSubmission,
    ReportStatus,
    ReviewStatus,
)
from forms.permissions import may_review
from forms.steps import form_steps

# Counts over applications: a report approved has been delivered too.
FOLLOW_UP_COUNTS = {
    "granted": Count("pk", filter=Q(status=ReviewStatus.GRANTED)),
    "accepted": Count("pk", filter=Q(follow_up__accepted_at__isnull=False)),
    "not_accepted": Count(
        "pk",
        filter=Q(follow_up__not_accepted_at__isnull=False, follow_up__accepted_at__isnull=True),
    ),
    "reports_delivered": Count(
        "pk", filter=Q(follow_up__report_status__in=[ReportStatus.DELIVERED, ReportStatus.APPROVED])
    ),
    "reports_approved": Count("pk", filter=Q(follow_up__report_status=ReportStatus.APPROVED)),
}


def follow_up_counts(page):
    """What followed the grants of an application form; None for a report form."""
    if page.is_report_form:
        return None
    return ApplicationSubmission.objects.filter(page=page).aggregate(**FOLLOW_UP_COUNTS)


def form_statistics(page):
    drafts = ApplicationDraft.objects.filter(page=page)
    started = drafts.count()
    sent_from_drafts = drafts.filter(submission__isnull=False).count()
    steps = form_steps(page.get_form_fields())
    stopped = dict(
        drafts.filter(submission__isnull=True)
        .values_list("step_reached")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # step_reached is the step last shown (from 1); past the last step is the summary.
    labels = [(step.number, step.heading) for step in steps]
    rows = [(heading, stopped.get(number, 0)) for number, heading in labels]
    # A draft created on the first «Neste» of step 1 has reached step 2 or beyond; 0 and 1
    # are drafts that only held a file or were saved on the first step.
    rows[:1] = [(labels[0][1], stopped.get(0, 0) + stopped.get(1, 0))] if labels else []
    if steps:
        rows.append((_("Oppsummering"), sum(n for s, n in stopped.items() if s > len(steps))))
    return {
        "page": page,
        "drafts_started": started,
        "applications_sent": ApplicationSubmission.objects.filter(page=page).count(),
        "completion_rate": round(100 * sent_from_drafts / started) if started else None,
        "stopped_at": rows,
        "open_drafts": started - sent_from_drafts,
        "follow_up": follow_up_counts(page),
    }


def form_statistics_view(request):
    if not may_review(request.user):
        raise PermissionDenied
    pages = ApplicationFormPage.objects.filter(locale=Locale.get_default()).order_by("-pk")
    return TemplateResponse(
        request,
        "applications/admin/form_statistics.html",
        {"forms": [form_statistics(page) for page in pages]},
    )
