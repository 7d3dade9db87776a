"""The criteria a round's applications are assessed against: rows on the form page, written
by reviewers and translated with the page. The panel's assessments and scores are case
handling's (applications/models.py); a score names its criterion by translation key, which
stays the same through revisions, copies and translations."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField


class AssessmentCriterion(TranslatableMixin, Orderable):
    """One criterion: what it is called, what it means, its scale and its weight."""

    page = ParentalKey(
        "ApplicationFormPage", on_delete=models.CASCADE, related_name="assessment_criteria"
    )
    title = models.CharField(_("kriterium"), max_length=200)
    description = models.TextField(
        _("hva det betyr"),
        blank=True,
        help_text=_("Hva fagvurdererne skal se etter, og hva en høy og en lav score betyr."),
    )
    scale_min = models.PositiveSmallIntegerField(
        _("laveste score"), default=1, validators=[MaxValueValidator(99)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("høyeste score"), default=6, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weight = models.DecimalField(
        _("vekt"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("For eksempel 1 for vanlig vekt og 2 for et kriterium som teller dobbelt."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("scale_min"), FieldPanel("scale_max"), FieldPanel("weight")]),
    ]

    # A translator writes the title and the meaning; scale and weight are the round's.
    override_translatable_fields = [
        SynchronizedField("scale_min", overridable=False),
        SynchronizedField("scale_max", overridable=False),
        SynchronizedField("weight", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("vurderingskriterium")
        verbose_name_plural = _("vurderingskriterier")

    def __str__(self):
        return self.title

    @property
    def scale(self):
        return range(self.scale_min, self.scale_max + 1)

    def clean(self):
        super().clean()
        if self.scale_min is not None and self.scale_max is not None:
            if self.scale_max <= self.scale_min:
                raise ValidationError(
                    {"scale_max": _("Høyeste score må være større enn laveste score.")}
                )
