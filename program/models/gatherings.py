"""The gatherings of a program: dates, times and places of its meetings."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

from website.dates import OSLO

from ..synchronised_facts import translated_rows


class Gathering(TranslatableMixin, Orderable):
    """A gathering of a program. Its texts are translated; its date, times and form are
    read from the Norwegian page's row whenever a translation is shown."""

    class Mode(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        PHYSICAL = "physical", _("Fysisk")

    # What a translator writes; the date, times and mode always come from the Norwegian row.
    TEXT_FIELDS = ("title", "audience", "place", "series")

    page = ParentalKey("program.ProgramPage", on_delete=models.CASCADE, related_name="gatherings")
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("starter kl."), null=True, blank=True)
    end_time = models.TimeField(_("slutter kl."), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=120)
    audience = models.CharField(
        _("for hvem"),
        max_length=80,
        help_text=_("For eksempel «Hele kommunegruppa» eller «Rektor+1»."),
    )
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.DIGITAL)
    place = models.CharField(
        _("sted"), max_length=120, blank=True, help_text=_("For eksempel «Gardermoen».")
    )
    series = models.CharField(
        _("serie"),
        max_length=160,
        blank=True,
        help_text=_(
            "Valgfritt. Samlinger med samme serie og målgruppe vises på én linje i "
            "oversikten, for eksempel «Digitale læringskonferanser onsdager kl. 9–13»."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("mode"), FieldPanel("place")]),
        FieldPanel("series"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def clean(self):
        super().clean()
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": _("Fyll ut når samlingen starter.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Samlingen må slutte etter at den starter.")})

    @property
    def starts_at(self):
        return datetime.combine(self.date, self.start_time or time.min, tzinfo=OSLO)

    @property
    def ends_at(self):
        """End of the gathering; a gathering without an end time lasts the day."""
        if self.end_time:
            return datetime.combine(self.date, self.end_time, tzinfo=OSLO)
        return datetime.combine(self.date + timedelta(days=1), time.min, tzinfo=OSLO)

    @property
    def is_digital(self):
        return self.mode == self.Mode.DIGITAL


class ProgramGatherings:
    """The gatherings of a ProgramPage in date order, the next one, and the overview."""

    @cached_property
    def sorted_gatherings(self):
        gatherings = self.gatherings.all()
        if self.fact_source is not self:
            gatherings = translated_rows(
                self, self.fact_source, "gatherings", Gathering.TEXT_FIELDS
            )
        return sorted(gatherings, key=lambda g: (g.date, g.start_time or time.min))

    def next_gathering(self, now=None):
        now = now or timezone.now()
        return next((g for g in self.sorted_gatherings if g.ends_at > now), None)

    def gathering_overview(self):
        """Gatherings as the program text lists them: each series on one line, single ones alone.

        A series is the gatherings sharing a series name and an audience, placed where its
        first gathering falls.
        """
        groups = {}
        for gathering in self.sorted_gatherings:
            key = (gathering.series, gathering.audience) if gathering.series else gathering.pk
            groups.setdefault(
                key,
                {"series": gathering.series, "audience": gathering.audience, "gatherings": []},
            )["gatherings"].append(gathering)
        return list(groups.values())
