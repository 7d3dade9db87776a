"""Serving an application form: storing an application, and the confirmation page."""

import uuid

from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from website import outgoing_mail

from .answers import field_snapshot, source_language_answers
from .attachments import extension_of
from .drafts import (
    checked_uploads,
    draft_for,
    finish_draft,
    forget_browser_key,
    held_files,
    hold_file,
    mark_held_files,
    remove_held_file,
    set_browser_key,
    start_draft,
)
from .intake_guards import (
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    FormToken,
    form_max_age,
    spam_notice,
    window_notice,
)
from .models.municipalities import Municipality
from .models.submissions import ApplicationAttachment, ApplicationSubmission, ReferenceCounter
from .reports import attach_report
from .shared_render import with_placeholders
from .steps import raw_values, with_declaration


def store_submission(page, form, token, source=None):
    """Store the application with its reference number, then queue the e-mails. `source` is
    the Norwegian form the answers are stored against (by default the live one)."""
    source = source or page.source_page
    answers = source_language_answers(page, source, form.cleaned_data)
    fields = list(page.get_form_fields())
    municipality_number = next(
        (answers.get(f.clean_name) for f in fields if f.field_type == "municipality"), None
    )
    municipality = Municipality.objects.filter(number=municipality_number).first()
    # A joint application's other municipalities («Samarbeidskommuner»).
    partner_numbers = [
        number
        for f in fields
        if f.field_type == "partners"
        for number in answers.get(f.clean_name) or ()
    ]
    partners = list(Municipality.objects.filter(number__in=partner_numbers))
    applicant_email = next(
        (form.cleaned_data.get(f.clean_name) for f in fields if f.is_applicant_email), ""
    )
    # The contact person: the field the editor marked for the browser's «name» autofill.
    contact_name = next(
        (form.cleaned_data.get(f.clean_name) for f in fields if f.autocomplete == "name"), ""
    )
    with transaction.atomic():
        existing = ApplicationSubmission.objects.filter(submission_token=token.nonce).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                submission = ApplicationSubmission.objects.create(
                    page=source,
                    form_data=answers,
                    reference=ReferenceCounter.next_reference(
                        source.reference_prefix, timezone.localdate().year
                    ),
                    language=page.locale.language_code,
                    field_labels=field_snapshot(source),
                    municipality=municipality,
                    applicant_email=applicant_email or "",
                    contact_name=(contact_name or "")[:255],
                    duplicate_of=ApplicationSubmission.earlier_from_same_municipality(
                        source, municipality, partners
                    ),
                    submission_token=token.nonce,
                )
        except IntegrityError:
            # The same form sent twice at once (a double click): the first one counts.
            return ApplicationSubmission.objects.get(submission_token=token.nonce)
        submission.partner_municipalities.set(partners)
        for field in fields:
            uploaded = form.cleaned_data.get(field.clean_name)
            if field.field_type == "attachment" and uploaded:
                ApplicationAttachment.objects.create(
                    submission=submission,
                    field_key=field.clean_name,
                    # On disk under a name of our own: the applicant's may be longer than the
                    # file system allows, and may itself be personal data.
                    file=File(uploaded, name=f"{uuid.uuid4().hex}.{extension_of(uploaded.name)}"),
                    original_name=uploaded.name[:255],
                    content_type=uploaded.detected_content_type,
                    size=uploaded.size,
                )
        # Sent once the application is committed (the kinds are forms/emails.py's).
        for kind in ("receipt", "staff_notice"):
            outgoing_mail.queue(kind, submission.pk)
    return submission


def confirmation_url(page, submission):
    return page.url + page.reverse_subpage("confirmation", args=[submission.submission_token.hex])


def form_context(page, request, form, token, notice=None, shared=False):
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "form_token": token.dumps(),
            "token_field": TOKEN_FIELD,
            "honeypot_field": HONEYPOT_FIELD,
            "application_status": page.application_status(),
            "notice": notice,
        }
    )
    return with_placeholders(context) if shared else context


def serve_form(page, request, shared=False):
    status = page.application_status()
    is_preview = getattr(request, "is_preview", False)
    # Falsy or default either way: None, "" and 200 are not told apart (no mutation testing).
    notice = None  # pragma: no mutate
    http_status = 200  # pragma: no mutate
    token = FormToken.new()
    new_key = None  # pragma: no mutate
    if request.method == "POST":
        # page= and user= as Wagtail passes them; our form classes read neither (so this line
        # is not mutation tested).
        data, files = request.POST, request.FILES
        posted = page.get_form(data, files, page=page, user=request.user)  # pragma: no mutate
        form = with_declaration(page, posted)
        # Files kept from an earlier post with errors (forms/drafts.py): never chosen twice.
        draft = None if is_preview else draft_for(page, request)
        held = held_files(draft)
        mark_held_files(form, held)
        posted_token = FormToken.loads(request.POST.get(TOKEN_FIELD))
        token = posted_token or token
        action = request.POST.get("handling", "")
        if is_preview:
            form.is_valid()
            notice = _("Dette er en forhåndsvisning. Skjemaet sendes ikke.")
        elif window_notice(page, status):
            notice = window_notice(page, status)
            http_status = 403
        elif action.startswith("fjern:"):
            # «Fjern» by a kept file: the form comes back as typed, without the file.
            if (key := action.removeprefix("fjern:")) in held:
                remove_held_file(held.pop(key))
            form = with_declaration(
                page, page.get_form(initial=raw_values(form.data, form), page=page)
            )
            mark_held_files(form, held)
        elif posted_token is None and FormToken.expired(request.POST.get(TOKEN_FIELD)):
            # A long sitting: nothing is stored, and the form comes back with the answers
            # and a fresh token, so sending again works.
            notice = _(
                "Søknaden ble ikke sendt: skjemaet hadde vært åpent i mer enn %(hours)s "
                "timer. Svarene dine står fortsatt i skjemaet. Se over dem, legg ved "
                "eventuelle filer på nytt og send."
            ) % {"hours": form_max_age() // 3600}
        elif posted_token is None:
            notice = _(
                "Skjemaet var utløpt eller ufullstendig. Svarene dine står fortsatt i "
                "skjemaet; send på nytt."
            )
        elif done := ApplicationSubmission.objects.filter(
            submission_token=posted_token.nonce
        ).first():
            return redirect(confirmation_url(page, done))
        elif refusal := spam_notice(request, posted_token):
            notice, http_status = refusal
        elif form.is_valid():
            kept = {key: file for key, file in held.items() if not form.cleaned_data.get(key)}
            with transaction.atomic():
                submission = store_submission(page, form, posted_token)
                attach_report(submission, draft)
                if draft is not None:
                    finish_draft(draft, kept, submission)
            response = redirect(confirmation_url(page, submission))
            return forget_browser_key(response, page, request) if draft else response
        else:
            # An error elsewhere: the files that passed their checks are kept (item 5).
            uploads = checked_uploads(form)
            if uploads and draft is None:
                draft, new_key = start_draft(page)
            for key, uploaded in uploads.items():
                form[key].held = hold_file(draft, key, uploaded)
    else:
        # A report's draft holds its pre-filled answers (forms/reports.py); others hold none.
        draft = draft_for(page, request) if page.is_report_form and not is_preview else None
        initial = draft.answers if draft is not None else None
        blank = page.get_form(initial=initial, page=page, user=request.user)  # pragma: no mutate
        form = with_declaration(page, blank)
    response = TemplateResponse(
        request,
        page.get_template(request),
        form_context(page, request, form, token, notice, shared=shared),
        status=http_status,
    )
    return set_browser_key(response, page, request, new_key) if new_key else response


def serve_confirmation(page, request, token):
    try:
        nonce = uuid.UUID(hex=token)
    except ValueError:
        raise Http404 from None
    submission = ApplicationSubmission.objects.filter(
        submission_token=nonce, page=page.source_page
    ).first()
    if submission is None:
        raise Http404
    context = page.get_context(request)
    context["form_submission"] = submission
    return TemplateResponse(request, page.get_landing_page_template(request), context)
