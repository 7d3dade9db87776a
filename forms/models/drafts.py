"""An application in progress: the answers of a multi-step form between its steps, and the
files uploaded on the way. Personal data: never shown to editors, deleted by the retention
job after the window closes (applications/retention.py), only counted for staff."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .submissions import ApplicationSubmission, private_storage


def key_hash(key):
    """Only hashes of the browser's and the resume link's keys are stored."""
    return hashlib.sha256((key or "").encode()).hexdigest()


class ApplicationDraftQuerySet(models.QuerySet):
    def open(self):
        return self.filter(submission__isnull=True, closed_at__isnull=True)

    def by_browser_key(self, key):
        return self.filter(browser_key_hash=key_hash(key)) if key else self.none()


class ApplicationDraft(models.Model):
    """The answers of one application being filled in, step by step."""

    # The Norwegian form page, as applications are stored against it.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10, default="nb")
    # The form as it was when the draft started: the draft keeps its questions (issue 16,
    # item 12). Empty only if the revision was purged; then the live form is used.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The Norwegian form as it was then (the same revision for a Norwegian draft): an English
    # draft's application is stored with the Norwegian questions and options of that moment.
    source_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The raw posted values per field, so a step shows again exactly what was typed.
    answers = models.JSONField(default=dict)
    current_step = models.PositiveSmallIntegerField(default=0)
    # The furthest step reached: where drafts stop, for the form's statistics.
    step_reached = models.PositiveSmallIntegerField(default=0)
    browser_key_hash = models.CharField(max_length=64, unique=True)
    resume_key_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    applicant_email = models.EmailField(blank=True)
    # A report in progress: the granted application it reports on (from the status link).
    report_for = models.ForeignKey(
        ApplicationSubmission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    resume_link_sent_at = models.DateTimeField(null=True, blank=True)
    # Why the last resume link failed to go (website/outgoing_mail.py); cleared when it goes.
    resume_link_error = models.TextField(blank=True)
    submission = models.ForeignKey(
        ApplicationSubmission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("utkast")
        verbose_name_plural = _("utkast")

    def __str__(self):
        return f"utkast {self.pk}"


class DraftAttachment(models.Model):
    """A file uploaded to a draft, in private storage until the application is sent; then
    it becomes the application's attachment (moved, not copied)."""

    draft = models.ForeignKey(
        ApplicationDraft, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(max_length=255)
    file = models.FileField(upload_to="utkast/%Y/%m/", storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vedlegg til utkast")
        verbose_name_plural = _("vedlegg til utkast")
        constraints = [
            models.UniqueConstraint(fields=["draft", "field_key"], name="one_draft_file_per_field")
        ]

    def __str__(self):
        return self.original_name
