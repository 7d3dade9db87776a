"""Keeping an application between requests: the draft the browser holds by a key in a
cookie, its answers, and the files uploaded on the way (issue 16, items 4, 5 and 12).

The cookie's path is the form page's own address, so no other page of the site gets a
cookie and the page cache keeps serving them (website/page_cache.py)."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db import transaction

from wagtail.models import Revision

from website.cache_generation import kept_copy

from .attachments import extension_of
from .models.drafts import ApplicationDraft, DraftAttachment, key_hash
from .models.submissions import ApplicationAttachment

COOKIE_NAME = "soknadsutkast"
COOKIE_MAX_AGE = 120 * 24 * 3600  # longer than any window; the draft closes with the window


def page_path(page, request):
    return urlsplit(page.get_url(request) or "/").path


def draft_for(page, request):
    """The open draft this browser holds for this form, or None."""
    key = request.COOKIES.get(COOKIE_NAME)
    return ApplicationDraft.objects.open().by_browser_key(key).filter(page=page.source_page).first()


def start_draft(page):
    """A new draft on the form as it is published now. Returns (draft, browser key)."""
    key = secrets.token_urlsafe(32)
    draft = ApplicationDraft.objects.create(
        page=page.source_page,
        language=page.locale.language_code,
        revision_id=page.live_revision_id,
        source_revision_id=page.source_page.live_revision_id,
        browser_key_hash=key_hash(key),
    )
    return draft, key


def set_browser_key(response, page, request, key):
    response.set_cookie(
        COOKIE_NAME,
        key,
        max_age=COOKIE_MAX_AGE,
        path=page_path(page, request),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def forget_browser_key(response, page, request):
    response.delete_cookie(COOKIE_NAME, path=page_path(page, request), samesite="Lax")
    return response


def draft_fields(page, draft):
    """The questions of the form as the draft started: the revision's (item 12)."""
    if draft is not None and draft.revision_id:
        return list(as_started(page, draft.revision_id).get_form_fields())
    return list(page.get_form_fields())


def started_forms(page, draft):
    """(the form in the draft's language, its Norwegian source) as they were when the draft
    started, for storing the application with the questions the applicant answered."""
    form_page = as_started(page, draft.revision_id) if draft.revision_id else page
    if draft.source_revision_id:
        return form_page, as_started(page, draft.source_revision_id)
    return form_page, form_page.source_page


def as_started(page, revision_id):
    """The form as revision `revision_id` holds it. Not Revision.as_object(): modelcluster
    would check each question's page and locale in the database, a query per row, so a step
    or the sending would cost more queries the longer the form (issue 20's deadline rush).

    Revisions never change: the form is kept pickled in this process's memory for the
    content generation (a revision number is all a step needs to find it), and each use
    gets its own copy (a step changes the form it is given)."""

    def read():
        content = Revision.objects.values_list("content", flat=True).get(pk=revision_id)
        return type(page).from_serializable_data(content, check_fks=False)

    return kept_copy(f"started-form:{type(page)._meta.label}:{revision_id}", read)


def store_answers(draft, keys, values, step=None):
    """Replace the answers to `keys` (a step's questions) with `values`."""
    answers = {k: v for k, v in draft.answers.items() if k not in keys}
    answers.update(values)
    draft.answers = answers
    if step is not None:
        draft.current_step = step
        draft.step_reached = max(draft.step_reached, step)
    draft.save()


def held_files(draft):
    """{field key: DraftAttachment} of the files the draft holds."""
    if draft is None:
        return {}
    return {attachment.field_key: attachment for attachment in draft.attachments.all()}


def hold_file(draft, key, uploaded):
    """Keep a checked upload with the draft, in private storage, replacing one held before."""
    with transaction.atomic():
        for old in draft.attachments.filter(field_key=key):
            remove_held_file(old)
        return DraftAttachment.objects.create(
            draft=draft,
            field_key=key,
            # Under a name of our own, as the application's attachments are.
            file=File(uploaded, name=f"{uuid.uuid4().hex}.{extension_of(uploaded.name)}"),
            original_name=uploaded.name[:255],
            content_type=uploaded.detected_content_type,
            size=uploaded.size,
        )


def remove_held_file(attachment):
    attachment.file.delete(save=False)
    attachment.delete()


def mark_held_files(form, held):
    """A stored file satisfies «required», and the field shows it with «Fjern»."""
    for key, attachment in held.items():
        if key in form.fields:
            form.fields[key].required = False
            form[key].held = attachment


def checked_uploads(form):
    """The posted files that passed their own checks, whatever the other answers (after
    is_valid()): kept at once, so an error elsewhere never loses them (item 5)."""
    uploads = {}
    for key, form_field in form.fields.items():
        uploaded = form.files.get(form[key].html_name)
        if form_field.widget.needs_multipart_form and uploaded and key not in form.errors:
            uploads[key] = form.cleaned_data.get(key)
    return {key: value for key, value in uploads.items() if value}


def finish_draft(draft, held, submission):
    """After the application is stored (in its transaction): the draft's files become its
    attachments (the same stored file, a new owner), and the draft is marked sent."""
    if submission.attachments.filter(field_key__in=held).exists():
        return  # the same application sent twice: its files are already moved
    for key, attachment in held.items():
        ApplicationAttachment.objects.create(
            submission=submission,
            field_key=key,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
        )
        submission.form_data[key] = attachment.original_name
        # The file is the application's now: the draft's row goes, and must not take the
        # file with it (forms/signals.py deletes a deleted row's file).
        attachment.file.name = ""
        attachment.delete()
    if held:
        submission.save(update_fields=["form_data"])
    for replaced in draft.attachments.all():  # a file the applicant chose another for
        remove_held_file(replaced)
    # The answers now live in the application; the draft keeps only what statistics count.
    draft.submission = submission
    draft.answers = {}
    draft.applicant_email = ""
    draft.save(update_fields=["submission", "answers", "applicant_email", "updated_at"])
