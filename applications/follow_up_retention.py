"""What retention does with the grant's follow-up (issue 18, item 5): who accepted goes with
the application's personal data; when, the deadline and the report's status stay for the
statistics. Reports (applications to the report form) are kept as long as the applications
they report on."""

import datetime

from forms.models import GrantFollowUp
from forms.signals import PERSONAL_LOG_KEYS
from website.dates import OSLO

# What an application's log entries may hold of a person: the applicant's details, and who
# accepted the grant with their role (a role in a small municipality names a person).
PERSONAL_LOG_DATA = {*PERSONAL_LOG_KEYS, "role"}


def retention_deadline(page):
    """The form page's last day of personal data; a report form's is its application form's."""
    if page.is_report_form:
        page = page.get_parent().specific
    return page.retention_deadline()


def anonymise_acceptance(submission):
    """Blank who accepted the grant and from where; 1 if there was something to blank."""
    return (
        GrantFollowUp.objects.filter(submission=submission)
        .exclude(accepted_name="", accepted_role="", accepted_from=None)
        .update(accepted_name="", accepted_role="", accepted_from=None)
    )


def drafts_wanted_until(page):
    """When a form's drafts stop being of use: an application form's when its window closes;
    a report form's at the end of its due day (its window is the application round's, long
    closed when reports are written), never while it has no due day."""
    if page.is_report_form:
        due = page.report_due
        return datetime.datetime.combine(due, datetime.time.max, tzinfo=OSLO) if due else None
    window = page.application_window
    return window.closes if window else None
