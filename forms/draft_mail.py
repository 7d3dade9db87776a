"""The e-mail with the link that resumes a saved draft (issue 16, item 4): a kind of
outgoing mail (website/outgoing_mail.py queues, locks, marks, records errors and retries).

It carries no answers: the form's name, the deadline and the link. The link's key is not
stored: it is an HMAC of the draft with the site's secret, so the mail can be written again
by the retry; the draft stores only its hash, to find the draft when the link is opened."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac

from website import outgoing_mail
from website.dates import date_and_time

from .headers import one_line
from .models.drafts import ApplicationDraft, key_hash

DRAFT_RESUME_LINK = "draft_resume_link"
SALT = "forms.draft-resume-link"


def resume_key(draft):
    return salted_hmac(SALT, f"{draft.pk}:{draft.browser_key_hash}").hexdigest()


def resume_url(draft, page, request=None):
    return page.get_full_url(request) + page.reverse_subpage(
        "resume_draft", args=[resume_key(draft)]
    )


def send_resume_link(draft):
    """Remember the link's hash and queue the e-mail (again, when saved again)."""
    draft.resume_key_hash = key_hash(resume_key(draft))
    draft.resume_link_sent_at = None
    draft.save(update_fields=["resume_key_hash", "resume_link_sent_at", "updated_at"])
    outgoing_mail.queue(DRAFT_RESUME_LINK, draft.pk)


def form_page_of(draft):
    page = draft.page.specific
    translated = page.get_translations().filter(locale__language_code=draft.language).first()
    return translated.specific if translated else page


def resume_link_message(draft):
    page = form_page_of(draft)
    status = page.application_status()
    with translation.override(draft.language):
        context = {
            "page": page,
            "deadline": date_and_time(status.closes) if status and status.closes else "",
            "resume_url": resume_url(draft, page),
        }
        subject = one_line(render_to_string("forms/emails/draft_resume_link_subject.txt", context))
        body = render_to_string("forms/emails/draft_resume_link.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [draft.applicant_email])


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=DRAFT_RESUME_LINK,
        pending=lambda: (
            ApplicationDraft.objects.open()
            .filter(resume_link_sent_at__isnull=True, resume_key_hash__isnull=False)
            .exclude(applicant_email="")
        ),
        sent_field="resume_link_sent_at",
        error_field="resume_link_error",
        message=resume_link_message,
        describe=lambda draft: f"Lenke til utkast {draft.pk}",
    )
)
