"""«Lagre og fortsett senere» (issue 16, item 4): the page that says the draft is saved and
where the link went, and the link that resumes it in any browser until the deadline."""

import secrets

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .draft_mail import send_resume_link
from .drafts import draft_fields, draft_for, set_browser_key
from .fields import ApplicantEmailField
from .intake_guards import contact_sentence, window_notice
from .models.drafts import ApplicationDraft, key_hash
from .steps import SUMMARY, form_steps

SAVED_TEMPLATE = "forms/steps/saved.html"
RESUME_PROBLEM_TEMPLATE = "forms/steps/resume_problem.html"
EMAIL_FIELD = "epost"


def applicant_email_answer(page, draft):
    """The answer to the form's applicant e-mail question, when it is a valid address."""
    for question in draft_fields(page, draft):
        if question.is_applicant_email:
            try:
                return ApplicantEmailField().clean(draft.answers.get(question.clean_name))
            except ValidationError:
                return ""
    return ""


def save_for_later(page, draft):
    """«Lagre og fortsett senere»: the link goes to the applicant e-mail answered in the
    form, if any; otherwise the save page asks for an address."""
    email = draft.applicant_email or applicant_email_answer(page, draft)
    if email:
        draft.applicant_email = email
        draft.save(update_fields=["applicant_email", "updated_at"])
        send_resume_link(draft)


def serve_save_draft(page, request):
    draft = draft_for(page, request)
    if draft is None:
        return redirect(page.url)
    error = ""
    if request.method == "POST":
        try:
            email = ApplicantEmailField().clean(request.POST.get(EMAIL_FIELD, "").strip())
        except ValidationError:
            error = _("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.")
        else:
            draft.applicant_email = email
            draft.save(update_fields=["applicant_email", "updated_at"])
            send_resume_link(draft)
            return redirect(page.url + page.reverse_subpage("save_draft"))
    context = page.get_context(request)
    context.update(
        {
            "draft": draft,
            "application_status": page.application_status(),
            "asks_for_email": not draft.applicant_email,
            "email_field": EMAIL_FIELD,
            "error": error,
            "error_links": [(f"id_{EMAIL_FIELD}", error)] if error else [],
            "typed_email": request.POST.get(EMAIL_FIELD, ""),
            "save_url": page.url + page.reverse_subpage("save_draft"),
            "continue_url": f"{page.url}?steg={draft.current_step or 1}",
        }
    )
    return TemplateResponse(request, SAVED_TEMPLATE, context, status=400 if error else 200)


def serve_resume(page, request, key):
    draft = ApplicationDraft.objects.filter(
        resume_key_hash=key_hash(key), page=page.source_page
    ).first()
    status = page.application_status()
    context = page.get_context(request)
    context.update({"application_status": status, "contact": contact_sentence(page)})
    if draft is None or draft.submission_id:
        context["problem"] = "unknown"
        return TemplateResponse(request, RESUME_PROBLEM_TEMPLATE, context, status=404)
    if window_notice(page, status):
        if draft.closed_at is None:
            draft.closed_at = timezone.now()
            draft.save(update_fields=["closed_at", "updated_at"])
        context["problem"] = "closed"
        return TemplateResponse(request, RESUME_PROBLEM_TEMPLATE, context, status=410)
    # This browser takes the draft over: a new key, so the link's old browser lets go.
    browser_key = secrets.token_urlsafe(32)
    draft.browser_key_hash = key_hash(browser_key)
    draft.save(update_fields=["browser_key_hash", "updated_at"])
    steps = form_steps(draft_fields(page, draft))
    step = SUMMARY if steps and draft.step_reached > len(steps) else draft.current_step or 1
    response = redirect(f"{page.url}?steg={step}")
    return set_browser_key(response, page, request, browser_key)
