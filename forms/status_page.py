"""The applicant's view of one application, without an account: a signed link from the
receipt to a page with its status, where the application can also be withdrawn."""

import hmac

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .answers import grouped_answers
from .models.submissions import ApplicationSubmission, ReviewStatus

SALT = "forms.application-status-link"


def signature_for(submission):
    return salted_hmac(SALT, submission.status_token.hex).hexdigest()[:32]


def status_url(submission, request=None):
    """The absolute link for the receipt."""
    page = submission.page.specific
    path = page.reverse_subpage(
        "application_status", args=[submission.status_token.hex, signature_for(submission)]
    )
    return page.get_full_url(request) + path


def applicant_status(submission):
    """What the applicant is told: a decision only once its letter has been sent."""
    if submission.status == ReviewStatus.WITHDRAWN:
        return "withdrawn", _("Søknaden er trukket.")
    if submission.reply_letter_sent():
        return "decided", _("Svarbrevet er sendt til e-postadressen i søknaden.")
    if submission.status == ReviewStatus.RECEIVED:
        return "received", _("Søknaden er mottatt og venter på behandling.")
    return "in_review", _("Søknaden er under behandling.")


def find_submission(token, signature):
    """The application the link names, if the link is genuine and not revoked."""
    expected = salted_hmac(SALT, token).hexdigest()[:32]
    if len(token) != 32 or not hmac.compare_digest(expected, signature):
        raise Http404
    submission = (
        ApplicationSubmission.objects.filter(status_token=token, status_link_revoked=False)
        .select_related("page")
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def serve_status_page(page, request, token, signature):
    submission = find_submission(token, signature)
    if submission.page_id != page.source_page.pk:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm_withdraw"):
        submission.change_status(ReviewStatus.WITHDRAWN, by_applicant=True)
        return redirect(request.path)
    state, message = applicant_status(submission)
    context = page.get_context(request)
    context.update(
        {
            "submission": submission,
            "state": state,
            "state_message": message,
            "withdraw_error": request.method == "POST",
            # The answers are read here, behind the personal link, not in the receipt.
            "answers": grouped_answers(
                submission, {f.clean_name: f.label for f in page.get_form_fields()}
            ),
        }
    )
    response = TemplateResponse(request, "forms/application_status.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
