"""The reviewers' panel on the Wagtail dashboard: applications per program at a glance."""

import datetime

from django.db.models import Count
from django.utils import timezone

from wagtail.admin.ui.components import Component

from forms.models import ApplicationFormPage, ApplicationSubmission, ReviewStatus

RECENT_DAYS = 60  # a program stays on the panel this long after its reply date


def programs_for_dashboard(today=None):
    today = today or timezone.localdate()
    rows = []
    pages = ApplicationFormPage.rounds().live()
    for page in pages.order_by("path"):
        program = page.program
        status = page.application_status()
        if program is None or status is None:
            continue
        reply_date = program.reply_date
        recent = reply_date and reply_date >= today - datetime.timedelta(days=RECENT_DAYS)
        if status.state == "closed" and not recent and program.program_end < today:
            continue
        applications = ApplicationSubmission.objects.filter(page=page)
        per_status = dict(applications.values_list("status").annotate(n=Count("pk")))
        rows.append(
            {
                "page": page,
                "program": program,
                "window": status,
                "days_to_deadline": status.days_left,
                "days_to_reply": (reply_date - today).days if reply_date else None,
                "total": sum(per_status.values()),
                "per_status": [
                    (label, per_status.get(value, 0)) for value, label in ReviewStatus.choices
                ],
                "per_county": list(
                    applications.values_list("municipality__county")
                    .annotate(n=Count("pk"))
                    .order_by("-n", "municipality__county")
                ),
            }
        )
    return rows


class ApplicationsPanel(Component):
    name = "applications"
    order = 50
    template_name = "applications/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"programs": programs_for_dashboard()}
