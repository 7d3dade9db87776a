"""The report of a grant in the admin (issue 18, item 2): «Godkjenn rapporten» and «Angre
godkjenning» on the granted application's page (reviewers only, by POST, logged), and what
the page shows of the report: its status, due date, the report itself (an application to
the report form, in «Søknader» too), the reminders sent, and the flag when the municipality
has a report missing from an earlier round."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.log_actions import log

from forms.models import GrantFollowUp, ReportStatus
from forms.permissions import may_review
from forms.reports import missing_report_from, report_form_for

from .actions import application_or_404


def _follow_up(submission):
    return GrantFollowUp.objects.filter(submission=submission).first()


def report_section(submission):
    """What follow_up_report.html shows on an application's page."""
    follow_up = _follow_up(submission)
    report_form = report_form_for(submission.page.specific) if follow_up else None
    return {
        "follow_up": follow_up,
        "due": report_form.report_due if report_form else None,
        "reports": list(submission.reports.all()),
        "missing_earlier": missing_report_from(submission),
    }


def _change(request, pk, from_status, to_status, action, message):
    if not may_review(request.user):
        raise PermissionDenied
    submission = application_or_404(pk)
    approving = to_status == ReportStatus.APPROVED
    changed = GrantFollowUp.objects.filter(submission=submission, report_status=from_status).update(
        report_status=to_status,
        report_approved_at=timezone.now() if approving else None,
        report_approved_by=request.user if approving else None,
    )
    if changed:
        log(submission, action, user=request.user)
        messages.success(request, message)
    else:
        messages.error(request, _("Rapporten har ikke den statusen lenger. Se siden på nytt."))
    return redirect(reverse("applications:inspect", args=[submission.pk]))


@require_POST
def approve_report_view(request, pk):
    return _change(
        request,
        pk,
        ReportStatus.DELIVERED,
        ReportStatus.APPROVED,
        "forms.application.report_approved",
        _("Rapporten er godkjent."),
    )


@require_POST
def unapprove_report_view(request, pk):
    return _change(
        request,
        pk,
        ReportStatus.APPROVED,
        ReportStatus.DELIVERED,
        "forms.application.report_unapproved",
        _("Godkjenningen av rapporten er angret."),
    )


def urls():
    return [
        path(
            "soknader/rapport/<str:pk>/godkjenn/",
            approve_report_view,
            name="application_report_approve",
        ),
        path(
            "soknader/rapport/<str:pk>/angre/",
            unapprove_report_view,
            name="application_report_unapprove",
        ),
    ]
