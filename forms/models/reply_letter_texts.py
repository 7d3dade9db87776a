"""The texts of a form page's reply letters (svarbrev): one row per decision, written by an
editor and translated with the page. Sending them is case handling's
(applications/reply_letters.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from ..headers import has_line_break
from ..letter_texts import placeholder_errors
from .submissions import ReviewStatus

DECISION_CHOICES = [
    (status.value, status.label)
    for status in (ReviewStatus.GRANTED, ReviewStatus.REJECTED, ReviewStatus.WAITLISTED)
]

DEFAULT_SUBJECT = "Svar på søknad {referanse}: {program}"
DEFAULT_BODIES = {
    ReviewStatus.GRANTED: (
        "Hei {kontaktperson},\n\nVi er glade for å kunne fortelle at {kommune} er tatt opp i "
        "{program}. Veileder fra Kulturskolerådet tar kontakt med kommunen.\n\n"
        "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
    ),
    ReviewStatus.REJECTED: (
        "Hei {kontaktperson},\n\nTakk for søknaden fra {kommune} til {program}. Vi har "
        "dessverre ikke plass til alle, og kommunen har ikke fått plass denne gangen.\n\n"
        "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
    ),
    ReviewStatus.WAITLISTED: (
        "Hei {kontaktperson},\n\nTakk for søknaden fra {kommune} til {program}. Kommunen "
        "står på venteliste, og vi gir beskjed så snart vi vet om det blir plass.\n\n"
        "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
    ),
}


class ReplyLetterText(TranslatableMixin, Orderable):
    """The subject and text of the letter for one decision on one form page."""

    page = ParentalKey(
        "ApplicationFormPage", on_delete=models.CASCADE, related_name="reply_letter_texts"
    )
    decision = models.CharField(_("vedtak"), max_length=20, choices=DECISION_CHOICES)
    subject = models.CharField(_("emne"), max_length=200, default=DEFAULT_SUBJECT)
    body = models.TextField(_("brevtekst"))

    panels = [
        FieldRowPanel([FieldPanel("decision"), FieldPanel("subject")]),
        FieldPanel("body"),
    ]

    # A translator writes the subject and the text; which decision the letter is for stays.
    override_translatable_fields = [SynchronizedField("decision")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("svarbrev")
        verbose_name_plural = _("svarbrev")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "decision"], name="unique_reply_letter_text_per_decision"
            )
        ]

    def __str__(self):
        return str(self.get_decision_display())

    @classmethod
    def defaults(cls):
        """A new form page's letters, one per decision, for the editor to adjust."""
        return [
            cls(decision=decision, subject=DEFAULT_SUBJECT, body=body, sort_order=order)
            for order, (decision, body) in enumerate(DEFAULT_BODIES.items())
        ]

    def clean(self):
        super().clean()
        errors = placeholder_errors(self)
        # The subject goes into the e-mail's header: a line break would make it fail.
        if has_line_break(self.subject):
            errors.setdefault("subject", _("Emnet må stå på én linje, uten linjeskift."))
        if errors:
            raise ValidationError(errors)
