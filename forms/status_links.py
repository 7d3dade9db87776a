"""The applicant's personal link: a signed token naming one application, without an
account. The status page, its printable copy and the report form's way in all read it; a
module of its own so that each of them can, without importing the others."""

import hmac

from django.http import Http404
from django.utils.crypto import salted_hmac

from .models.submissions import ApplicationSubmission

SALT = "forms.application-status-link"


def signature_for(submission):
    return salted_hmac(SALT, submission.status_token.hex).hexdigest()[:32]


def _url(submission, route, request, full):
    # Under the form page in the applicant's language, so the pages speak it.
    page = submission.page_in_language()
    path = page.reverse_subpage(
        route, args=[submission.status_token.hex, signature_for(submission)]
    )
    # Full for the mail and for copying; the pages link to each other by path.
    return (page.get_full_url(request) if full else page.get_url(request)) + path


def status_url(submission, request=None, full=True):
    """The absolute link for the receipt (full=False: its path, for links on the site)."""
    return _url(submission, "application_status", request, full)


def print_url(submission, request=None, full=True):
    """The printable copy of the application, behind the same personal link."""
    return _url(submission, "application_print", request, full)


def find_submission(token, signature):
    """The application the link names, if the link is genuine and not revoked."""
    expected = salted_hmac(SALT, token).hexdigest()[:32]
    if len(token) != 32 or not hmac.compare_digest(expected, signature):
        raise Http404
    submission = (
        ApplicationSubmission.objects.filter(status_token=token, status_link_revoked=False)
        .select_related("page", "municipality", "follow_up")
        .first()
    )
    if submission is None:
        raise Http404
    return submission
