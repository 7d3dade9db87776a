"""The assessment panel (issue 17): who assesses which application, their declaration of
impartiality, their scores per criterion, the round's owner and the staff's proposal."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The round's published results: a page model, which Django finds through this module.
from .results_page import ResultsPage  # noqa: F401

ASSESS_PERMISSION = "applications.assess_application"


class AssessmentRound(models.Model):
    """The assessment of one form's applications: whose it is, and when scores disagree."""

    page = models.OneToOneField(
        "forms.ApplicationFormPage",
        verbose_name=_("skjema"),
        on_delete=models.CASCADE,
        related_name="assessment_round",
    )
    # Only the owner reopens a delivered assessment (and hands the round on).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig for vurderingen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    spread_limit = models.DecimalField(
        _("største avvik før det flagges"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Avstanden mellom høyeste og laveste vurdering som regnes som uenighet."),
    )

    class Meta:
        verbose_name = _("vurderingsrunde")
        verbose_name_plural = _("vurderingsrunder")

    def __str__(self):
        return str(self.page)


class Declaration(models.TextChoices):
    IMPARTIAL = "ikke_inhabil", _("Jeg er ikke inhabil")
    PARTIAL = "inhabil", _("Jeg er inhabil")


class AssessmentQuerySet(models.QuerySet):
    def counted(self):
        """The assessments that count: delivered, by an assessor who is not partial."""
        return self.filter(delivered_at__isnull=False).exclude(declaration=Declaration.PARTIAL)


class Assessment(models.Model):
    """One assessor's assessment of one application."""

    submission = models.ForeignKey(
        "forms.ApplicationSubmission",
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    # Kept when the user is deleted: the scores stay in the round's figures.
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fagvurderer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    assigned_at = models.DateTimeField(_("tildelt"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declaration = models.CharField(
        _("habilitet"), max_length=20, choices=Declaration.choices, blank=True
    )
    declaration_reason = models.TextField(_("begrunnelse for habilitet"), blank=True)
    declared_at = models.DateTimeField(_("erklært"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("levert"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "assessor"], name="one_assessment_per_assessor"
            )
        ]
        permissions = [("assess_application", _("Kan vurdere søknader som er tildelt"))]

    def __str__(self):
        return f"{self.submission} – {self.assessor}"

    @property
    def is_declared(self):
        return bool(self.declaration)

    @property
    def is_partial(self):
        return self.declaration == Declaration.PARTIAL

    @property
    def is_delivered(self):
        return self.delivered_at is not None


class CriterionScore(models.Model):
    """A score and its justification on one criterion. The criterion is named by its
    translation key (forms.AssessmentCriterion), the same in every revision of the page."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion_key = models.UUIDField()
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    # Removed by retention with the application's other personal data; the score stays.
    justification = models.TextField(_("begrunnelse"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scorer")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_key"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion_key}: {self.score}"


class Recommendation(models.TextChoices):
    YES = "ja", _("Foreslått ja")
    WAITING_LIST = "venteliste", _("Venteliste")
    NO = "nei", _("Nei")


class Proposal(models.Model):
    """The staff's proposal (innstilling) for an application, made from the ranking and
    turned into a decision with the status action and the reply letters."""

    submission = models.OneToOneField(
        "forms.ApplicationSubmission",
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="proposal",
    )
    recommendation = models.CharField(
        _("innstilling"), max_length=20, choices=Recommendation.choices
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("satt"), auto_now=True)

    class Meta:
        verbose_name = _("innstilling")
        verbose_name_plural = _("innstillinger")

    def __str__(self):
        return self.get_recommendation_display()


class AssessorProfile(models.Model):
    """What an assessor tells about themself: the municipalities they have ties to (work,
    family, board seats), whose applications are flagged as likely partial for them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_profile"
    )
    tied_municipalities = models.ManyToManyField(
        "forms.Municipality",
        verbose_name=_("kommuner jeg har tilknytning til"),
        blank=True,
        related_name="+",
        help_text=_(
            "For eksempel der du arbeider, sitter i styre eller har nær familie i "
            "kulturskolen. Søknader fra disse kommunene krever en begrunnet habilitetserklæring."
        ),
    )

    class Meta:
        verbose_name = _("fagvurdererprofil")
        verbose_name_plural = _("fagvurdererprofiler")

    def __str__(self):
        return str(self.user)
