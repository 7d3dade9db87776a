"""An application as stored: its reference, answers, attachments and review status."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.models import AbstractFormSubmission
from wagtail.log_actions import log
from wagtail.models import Locale

from ..answers import grouped_answers
from ..permissions import reviewer_choices
from .municipalities import Municipality


class ReferenceCounter(models.Model):
    """The last reference number given per prefix and year; rows are locked while counting."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")
        ]

    @classmethod
    def next_reference(cls, prefix, year):
        """«VKU-2026-0042». Must run inside the transaction that stores the application."""
        try:
            with transaction.atomic():
                cls.objects.get_or_create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # another request created it at the same moment
        # The row lock is what keeps two applications from the same number: a second request
        # waits here until the first one's transaction ends, then reads its number.
        counter = cls.objects.select_for_update().get(prefix=prefix, year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return f"{prefix}-{year}-{counter.last_number:04d}"


def private_storage():
    return storages["private"]


class ReviewStatus(models.TextChoices):
    RECEIVED = "mottatt", _("Mottatt")
    IN_REVIEW = "under_behandling", _("Under behandling")
    GRANTED = "innvilget", _("Innvilget")
    REJECTED = "avslatt", _("Avslått")
    WAITLISTED = "venteliste", _("Venteliste")
    WITHDRAWN = "trukket", _("Trukket")


DECISIONS = {ReviewStatus.GRANTED, ReviewStatus.REJECTED, ReviewStatus.WAITLISTED}

# Mottatt → Under behandling → Innvilget / Avslått / Venteliste; Trukket at any point.
# A decision can be reopened (back to Under behandling), and a waiting list can be resolved.
STATUS_TRANSITIONS = {
    ReviewStatus.RECEIVED: {ReviewStatus.IN_REVIEW, ReviewStatus.WITHDRAWN},
    ReviewStatus.IN_REVIEW: {*DECISIONS, ReviewStatus.WITHDRAWN},
    ReviewStatus.GRANTED: {ReviewStatus.IN_REVIEW, ReviewStatus.WITHDRAWN},
    ReviewStatus.REJECTED: {ReviewStatus.IN_REVIEW, ReviewStatus.WITHDRAWN},
    ReviewStatus.WAITLISTED: {
        ReviewStatus.GRANTED,
        ReviewStatus.REJECTED,
        ReviewStatus.IN_REVIEW,
        ReviewStatus.WITHDRAWN,
    },
    ReviewStatus.WITHDRAWN: set(),
}


class ApplicationSubmission(AbstractFormSubmission):
    """One application. Stored against the Norwegian form page whatever language it came in."""

    # Applications outlive an editor's mistake: a form page with applications cannot be
    # deleted (Wagtail's default would delete them with it).
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("skjema"), on_delete=models.PROTECT, related_name="+"
    )
    submit_time = models.DateTimeField(_("mottatt"), auto_now_add=True)

    reference = models.CharField(_("referanse"), max_length=30, unique=True)
    language = models.CharField(_("språk"), max_length=10, default="nb")
    # Labels and sections as the applicant saw them, so answers keep their questions even
    # when the editor later renames or removes fields.
    field_labels = models.JSONField(_("spørsmål"), default=list)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # A joint application: the lead is «municipality», these are the others taking part.
    partner_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("samarbeidskommuner"),
        blank=True,
        related_name="partner_applications",
    )
    applicant_email = models.EmailField(_("søkerens e-post"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("mulig duplikat av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
    )
    # From the form's signed token: a second click on «Send» finds the first application.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=255, blank=True)
    # A report (to a report form) names the granted application it reports on.
    report_for = models.ForeignKey(
        "self",
        verbose_name=_("rapport for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    # The review
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.RECEIVED,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
        limit_choices_to=reviewer_choices,
    )
    # The applicant's own link to a status page (in the receipt); staff can revoke it.
    status_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status_link_revoked = models.BooleanField(_("statuslenken er trukket tilbake"), default=False)
    receipt_sent_at = models.DateTimeField(_("kvittering sendt"), null=True, blank=True)
    # Set when the address had its receipts for the day (forms/emails.py): never sent, and
    # the retry command leaves it alone.
    receipt_withheld_at = models.DateTimeField(_("kvittering holdt tilbake"), null=True, blank=True)
    # Set when the retention period ran out: personal data gone, the counts remain.
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True)
    notification_sent_at = models.DateTimeField(_("varsel sendt"), null=True, blank=True)
    # The last failure to send (website/outgoing_mail.py); cleared when the mail goes.
    receipt_error = models.TextField(_("feil ved sending av kvittering"), blank=True)
    notification_error = models.TextField(_("feil ved sending av varsel"), blank=True)
    # Withdrawal by the applicant (forms/withdrawal_mail.py): when, and whether the
    # confirmation to the applicant and the notice to the staff went.
    withdrawn_at = models.DateTimeField(_("trukket"), null=True, blank=True)
    withdrawal_receipt_sent_at = models.DateTimeField(
        _("bekreftelse på trekking sendt"), null=True, blank=True
    )
    withdrawal_receipt_error = models.TextField(
        _("feil ved sending av bekreftelse på trekking"), blank=True
    )
    withdrawal_notice_sent_at = models.DateTimeField(
        _("varsel om trekking sendt"), null=True, blank=True
    )
    withdrawal_notice_error = models.TextField(
        _("feil ved sending av varsel om trekking"), blank=True
    )

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-submit_time"]
        permissions = [("review_application", _("Kan behandle søknader"))]

    def __str__(self):
        return self.reference

    @property
    def is_possible_duplicate(self):
        return bool(self.duplicate_of_id) or getattr(self, "has_later_duplicates", False)

    def allowed_statuses(self):
        return STATUS_TRANSITIONS[ReviewStatus(self.status)]

    def change_status(self, new_status, user=None, **log_data):
        """Move to a new status if the workflow allows it, and log it (who, from, to)."""
        old_status = self.status
        if new_status not in self.allowed_statuses():
            return False
        self.status = new_status
        self.save(update_fields=["status"])
        log(
            self,
            "forms.application.status",
            user=user,
            data={
                "from": old_status,
                "to": new_status,
                "from_label": str(ReviewStatus(old_status).label),
                "to_label": str(ReviewStatus(new_status).label),
                **log_data,
            },
        )
        return True

    def answers(self):
        """[(section heading or None, [(label, value)])] as the applicant saw the form."""
        return grouped_answers(self)

    def reply_letter_sent(self):
        """Whether the applicant has had the reply letter for the decision they have now."""
        return (
            self.status in DECISIONS
            and self.reply_letters.sent().filter(decision=self.status).exists()
        )

    def page_in_language(self):
        """The form page in the language the applicant used, which the receipt and the reply
        letters are written from; the Norwegian page when there is no such translation."""
        source = self.page.specific
        locale = Locale.objects.filter(language_code=self.language).first()
        translated = source.get_translation_or_none(locale) if locale else None
        return translated.specific if translated else source

    @classmethod
    def earlier_from_same_municipality(cls, page, municipality, partners=()):
        """The first earlier application to the form from any of the same municipalities,
        whether each took part as the lead or as a partner of a joint application."""
        municipalities = [m for m in (municipality, *partners) if m is not None]
        if not municipalities:
            return None
        return (
            cls.objects.filter(page=page)
            .filter(
                Q(municipality__in=municipalities) | Q(partner_municipalities__in=municipalities)
            )
            .order_by("submit_time", "pk")
            .first()
        )


class ApplicationAttachment(models.Model):
    """A file sent with an application, kept in private storage (never under /media/)."""

    submission = models.ForeignKey(
        ApplicationSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(max_length=255)
    file = models.FileField(upload_to="soknader/%Y/%m/", storage=private_storage, max_length=255)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.original_name
