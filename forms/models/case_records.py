"""What case handling records on an application: internal notes and sent reply letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .submissions import ApplicationSubmission, ReviewStatus


class ApplicationNote(models.Model):
    """An internal note on an application. Never shown to the applicant."""

    submission = models.ForeignKey(
        ApplicationSubmission, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    text = models.TextField(_("notat"))

    class Meta:
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:50]


class ReplyLetterQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)

    def unsent(self):
        """Queued and not gone yet: waiting for the worker, or the mail server failed."""
        return self.filter(sent_at__isnull=True)


class ReplyLetter(models.Model):
    """A reply letter (svarbrev) sent for an application: what, to whom, when and by whom."""

    submission = models.ForeignKey(
        ApplicationSubmission, on_delete=models.CASCADE, related_name="reply_letters"
    )
    decision = models.CharField(_("avgjørelse"), max_length=20, choices=ReviewStatus.choices)
    recipient = models.EmailField(_("mottaker"))
    subject = models.CharField(_("emne"), max_length=255)
    body = models.TextField(_("tekst"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField(_("feil"), blank=True)

    objects = ReplyLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("svarbrev")
        verbose_name_plural = _("svarbrev")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
