"""What the timeline and status page tests share: the status page's path, the timeline read
back by step, and the moves an application makes before its letter."""

from django.utils import timezone

from forms.models import GrantFollowUp
from forms.status_links import status_url
from forms.timeline import applicant_timeline, next_action, report_form_of


def status_path(application):
    """The status page's path, from the full link in the receipt."""
    return "/" + status_url(application).split("/", 3)[3]


def follow_up(application):
    return GrantFollowUp.objects.filter(submission=application).first()


def timeline(application, now=None):
    """{key: Step} of the application's timeline now, and the keys in order."""
    application.refresh_from_db()
    page = application.page.specific
    steps = applicant_timeline(
        application, follow_up(application), report_form_of(page), now or timezone.now()
    )
    return {step.key: step for step in steps}, [step.key for step in steps]


def next_step(application, now=None):
    application.refresh_from_db()
    page = application.page.specific
    return next_action(
        application, follow_up(application), report_form_of(page), now or timezone.now()
    )


def move(application, clock, at, *statuses):
    """Change the status (logged) at a moment, through each status in turn."""
    clock(at)
    for status in statuses:
        assert application.change_status(status)
    return application
