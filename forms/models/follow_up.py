"""After the decision (issue 18): what a form page asks of a granted municipality, and what is
recorded of it. A granted application gets one GrantFollowUp when its reply letter is
written: the acceptance (deadline, who accepted, when, from where, or «Ikke akseptert»), the
reminders sent once each, and the report's status. The report itself is an application to
the form's report form (ApplicationSubmission.report_for)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail_localize.fields import SynchronizedField

from ..form_kinds import FormKind
from .submissions import ApplicationSubmission


class FollowUpSettings(models.Model):
    """The form page's settings for acceptance, reports and published results. An
    application form uses the acceptance and publication fields; a report form (a child of
    the application form) uses the report fields."""

    form_kind = models.CharField(
        _("type skjema"),
        max_length=10,
        choices=FormKind.choices,
        default=FormKind.APPLICATION,
        help_text=_(
            "Et rapportskjema legges under søknadsskjemaet. Kommuner som har fått tilskudd, "
            "når det fra lenken på statussiden for søknaden."
        ),
    )
    acceptance_required = models.BooleanField(
        _("kommunen må akseptere tilsagnet"),
        default=False,
        help_text=_("Svarbrevet og statussiden ber kommunen akseptere vilkårene innen fristen."),
    )
    acceptance_conditions = models.TextField(
        _("vilkår for tilsagnet"),
        blank=True,
        help_text=_("Vilkårene kommunen aksepterer, slik de står i svarbrevet og på statussiden."),
    )
    acceptance_days = models.PositiveSmallIntegerField(
        _("frist for aksept (dager etter svarbrevet)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    acceptance_reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse om aksept (dager før fristen)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("0 betyr ingen påminnelse."),
    )
    publish_all_applicants = models.BooleanField(
        _("publiser alle søkere med avgjørelse"),
        default=False,
        help_text=_(
            "Resultatsiden viser alltid kommunene som fikk tilsagn. Kryss av for å vise alle "
            "søkerkommunene med avgjørelsen, slik Kulturrådet gjør."
        ),
    )
    report_due = models.DateField(
        _("frist for rapport"),
        null=True,
        blank=True,
        help_text=_("Gjelder rapportskjema: siste dag kommunene kan levere rapporten."),
    )
    report_reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse om rapport (dager før fristen)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("0 betyr ingen påminnelse."),
    )
    report_overdue_days = models.PositiveSmallIntegerField(
        _("purring på rapport (dager etter fristen)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("0 betyr ingen purring."),
    )

    class Meta:
        abstract = True

    @property
    def is_report_form(self):
        return self.form_kind == FormKind.REPORT


class ReportStatus(models.TextChoices):
    MISSING = "mangler", _("Rapport mangler")
    DELIVERED = "levert", _("Rapport levert")
    APPROVED = "godkjent", _("Rapport godkjent")


class AcceptanceState(models.TextChoices):
    NOT_REQUIRED = "ikke_krevd", _("Aksept kreves ikke")
    AWAITING = "venter", _("Venter på aksept")
    ACCEPTED = "akseptert", _("Akseptert")
    NOT_ACCEPTED = "ikke_akseptert", _("Ikke akseptert")


class GrantFollowUp(models.Model):
    """What follows a grant: one per granted application, from its reply letter on."""

    submission = models.OneToOneField(
        ApplicationSubmission,
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    # The day the grant letter was written: the acceptance deadline counts from it.
    letter_date = models.DateField(_("dato for svarbrevet"))
    # The end of the last day (Europe/Oslo) to accept; empty when no acceptance is asked.
    acceptance_deadline = models.DateTimeField(_("frist for aksept"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("akseptert"), null=True, blank=True)
    accepted_name = models.CharField(_("akseptert av"), max_length=200, blank=True)
    accepted_role = models.CharField(_("rolle"), max_length=200, blank=True)
    accepted_from = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    acceptance_receipt_sent_at = models.DateTimeField(null=True, blank=True)
    acceptance_receipt_error = models.TextField(blank=True)
    acceptance_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    acceptance_reminder_error = models.TextField(blank=True)
    # Set by the daily command once the deadline has passed without acceptance. A mark for
    # the staff to act on: the decision itself is never changed by it.
    not_accepted_at = models.DateTimeField(_("ikke akseptert innen fristen"), null=True, blank=True)

    # Blank when the form has no report form.
    report_status = models.CharField(
        _("rapport"), max_length=10, choices=ReportStatus.choices, blank=True, db_index=True
    )
    report_delivered_at = models.DateTimeField(_("rapport levert"), null=True, blank=True)
    report_approved_at = models.DateTimeField(_("rapport godkjent"), null=True, blank=True)
    report_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    report_reminder_error = models.TextField(blank=True)
    report_overdue_sent_at = models.DateTimeField(null=True, blank=True)
    report_overdue_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("oppfølging av tilsagn")
        verbose_name_plural = _("oppfølging av tilsagn")

    def __str__(self):
        return str(self.submission)

    @property
    def acceptance_state(self):
        if self.accepted_at:
            return AcceptanceState.ACCEPTED
        if self.not_accepted_at:
            return AcceptanceState.NOT_ACCEPTED
        if self.acceptance_deadline:
            return AcceptanceState.AWAITING
        return AcceptanceState.NOT_REQUIRED


FOLLOW_UP_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("acceptance_required"),
            FieldPanel("acceptance_conditions"),
            FieldRowPanel([FieldPanel("acceptance_days"), FieldPanel("acceptance_reminder_days")]),
            FieldPanel("publish_all_applicants"),
        ],
        heading=_("Etter avgjørelsen: aksept og resultater"),
        classname="collapsed",
    ),
    MultiFieldPanel(
        [
            FieldPanel("form_kind"),
            FieldPanel("report_due"),
            FieldRowPanel([FieldPanel("report_reminder_days"), FieldPanel("report_overdue_days")]),
        ],
        heading=_("Rapportskjema"),
        classname="collapsed",
    ),
]

# The same in every language: a translator changes the conditions' wording, not the rules.
SYNCHRONISED_FOLLOW_UP_FIELDS = [
    SynchronizedField("form_kind", overridable=False),
    SynchronizedField("acceptance_required", overridable=False),
    SynchronizedField("acceptance_days", overridable=False),
    SynchronizedField("acceptance_reminder_days", overridable=False),
    SynchronizedField("publish_all_applicants", overridable=False),
    SynchronizedField("report_due", overridable=False),
    SynchronizedField("report_reminder_days", overridable=False),
    SynchronizedField("report_overdue_days", overridable=False),
]
