"""The applicant's view of one application, without an account: a signed link from the
receipt to a page with its status, a printable copy of the application as sent, and a form
to withdraw it until the decision letter has gone."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from website import outgoing_mail

from . import acceptance, reports
from .answers import grouped_answers
from .models.submissions import ApplicationSubmission, ReviewStatus
from .status_links import find_submission, print_url, status_url
from .timeline import applicant_timeline, next_action, report_form_of

# The two mails a withdrawal sends; forms/withdrawal_mail.py writes them.
WITHDRAWAL_RECEIPT = "withdrawal_receipt"
WITHDRAWAL_NOTICE = "withdrawal_notice"


def applicant_status(submission):
    """What the applicant is told: a decision only once its letter has been sent."""
    if submission.report_for_id is not None:
        return "report", _("Rapporten er mottatt.")
    if submission.status == ReviewStatus.WITHDRAWN:
        return "withdrawn", _("Søknaden er trukket.")
    if submission.reply_letter_sent():
        return "decided", _("Svarbrevet er sendt til e-postadressen i søknaden.")
    if submission.status == ReviewStatus.RECEIVED:
        return "received", _("Søknaden er mottatt og venter på behandling.")
    return "in_review", _("Søknaden er under behandling.")


def may_withdraw(submission):
    """The applicant withdraws until the decision letter has gone; after that the decision
    stands and only the staff can change it. A report is not withdrawn: it is the grant's
    record, and the staff correct it with the municipality."""
    return (
        submission.report_for_id is None
        and submission.status != ReviewStatus.WITHDRAWN
        and not submission.reply_letter_sent()
    )


def withdraw(submission):
    """Withdraw at the applicant's request: the status (logged), the time, and the two mails
    (a confirmation to the applicant, a notice to the staff) once it is stored."""
    with transaction.atomic():
        locked = ApplicationSubmission.objects.select_for_update().get(pk=submission.pk)
        if not may_withdraw(locked) or not locked.change_status(
            ReviewStatus.WITHDRAWN, by_applicant=True
        ):
            return False
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        outgoing_mail.queue(WITHDRAWAL_RECEIPT, locked.pk)
        outgoing_mail.queue(WITHDRAWAL_NOTICE, locked.pk)
    return True


def _submission_for_page(page, token, signature):
    submission = find_submission(token, signature)
    if submission.page_id != page.source_page.pk:
        raise Http404
    return submission


def _decision(submission):
    """(decision label, when its letter went) once the letter has gone, else None."""
    if not submission.reply_letter_sent():
        return None
    letter = submission.reply_letters.sent().filter(decision=submission.status).first()
    return ReviewStatus(submission.status).label, letter.sent_at


def _answers_in_page_language(page, submission):
    # The answers are read here, behind the personal link, not in the receipt.
    return grouped_answers(submission, {f.clean_name: f.label for f in page.get_form_fields()})


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _withdrawal_errors(submission, request):
    """The errors of a post to withdraw, for the summary: [(the field it links to, error)];
    an empty list once withdrawn."""
    if not may_withdraw(submission):
        return [
            (
                None,
                _(
                    "Søknaden kan ikke trekkes her lenger: svarbrevet er sendt, eller søknaden "
                    "er allerede trukket. Ta kontakt med Kulturskolerådet hvis noe er uklart."
                ),
            )
        ]
    if not request.POST.get("confirm_withdraw"):
        return [("confirm_withdraw", _("Kryss av for å bekrefte at søknaden skal trekkes."))]
    if not withdraw(submission):
        return [(None, _("Søknaden kunne ikke trekkes. Prøv igjen."))]
    return []


def _follow_up(submission):
    # The reverse one-to-one is selected with the application; absent raises, not None.
    try:
        return submission.follow_up
    except ObjectDoesNotExist:
        return None


def _follow_up_context(page, submission, request):
    """The timeline, the next action and what the acceptance and report boxes need. A
    report's own page has none of them: it names the grant it reports on."""
    if submission.report_for_id is not None:
        return {"report_of": submission.report_for, "timeline": [], "next_action": None}
    now = timezone.now()
    follow_up = _follow_up(submission)
    report_form = report_form_of(page.source_page)
    context = {
        "follow_up": follow_up,
        "timeline": applicant_timeline(submission, follow_up, report_form, now, form_page=page),
        "next_action": next_action(submission, follow_up, report_form, now, form_page=page),
    }
    context.update(acceptance.acceptance_context(submission, request))
    context.update(reports.report_context(submission, request))
    return context


def serve_status_page(page, request, token, signature):
    submission = _submission_for_page(page, token, signature)
    errors, accepting = [], request.POST.get("handling") == "aksepter"
    if request.method == "POST":
        if accepting:
            errors = acceptance.acceptance_post(submission, request)
        else:
            errors = _withdrawal_errors(submission, request)
        if not errors:
            return redirect(request.path)
        submission.refresh_from_db()  # (and the follow-up, read again as the post left it)
    state, message = applicant_status(submission)
    context = page.get_context(request)
    withdraw_errors = [] if accepting else errors
    context.update(
        {
            "submission": submission,
            "state": state,
            "state_message": message,
            "decision": _decision(submission),
            "may_withdraw": may_withdraw(submission),
            "errors": errors,
            "error_title": _("Tilsagnet ble ikke akseptert")
            if accepting
            else _("Søknaden ble ikke trukket"),
            "acceptance_errors": errors if accepting else [],
            # The checkbox's own error, beside it.
            "withdraw_error": next(
                (e for field, e in withdraw_errors if field == "confirm_withdraw"), None
            ),
            "print_url": print_url(submission, request, full=False),
            "answers": _answers_in_page_language(page, submission),
            **_follow_up_context(page, submission, request),
        }
    )
    response = TemplateResponse(request, "forms/application_status.html", context)
    if errors and all(field is None for field, _message in errors):
        response.status_code = 409  # refused: no field to correct, the post cannot succeed
    return _private(response)


def serve_print_page(page, request, token, signature):
    """The application as sent, to print or keep: the same include the reviewers print."""
    submission = _submission_for_page(page, token, signature)
    context = page.get_context(request)
    context.update(
        {
            "submission": submission,
            "answers": _answers_in_page_language(page, submission),
            "attachments": submission.attachments.all(),
            "status_url": status_url(submission, request, full=False),
        }
    )
    return _private(TemplateResponse(request, "forms/application_print.html", context))
