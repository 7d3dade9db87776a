"""A program's important dates: its milestones and the timeline said from every date."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

from website.dates import oslo_date

from ..seasons import month_span_text, timeline_heading
from ..synchronised_facts import translated_rows


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    labels: tuple[str, ...]
    date_label: str = ""  # shown instead of the date when the date is approximate

    @property
    def label(self):
        return " + ".join(self.labels)


class ProgramTimeline:
    """The timeline of a ProgramPage: its date fields and milestones, in date order."""

    @cached_property
    def sorted_milestones(self):
        milestones = self.milestones.all()
        if self.fact_source is not self:
            milestones = translated_rows(
                self, self.fact_source, "milestones", ProgramMilestone.TEXT_FIELDS
            )
        return list(milestones)

    def timeline(self):
        """Important dates in order; dates shared by several events become one entry."""
        return self._timeline

    @cached_property
    def _timeline(self):
        self.use_source_facts()
        events = []
        if self.information_webinar:
            webinar_day = oslo_date(self.information_webinar)
            events.append((webinar_day, _("Informasjonswebinar")))
        if self.application_opens:
            opening_day = oslo_date(self.application_opens)
            events.append((opening_day, _("Søknadsportalen åpner")))
        if self.application_closes:
            events.append((oslo_date(self.application_closes), _("Søknadsfrist")))
        if self.reply_date:
            events.append((self.reply_date, _("Svarbrev")))
        entries = {}
        for day, label in events:
            entries.setdefault(day, []).append(str(label))
        timeline = [TimelineEntry(day, tuple(labels)) for day, labels in entries.items()]
        timeline += [
            TimelineEntry(m.date, (m.description,), m.shown_as) for m in self.sorted_milestones
        ]
        return sorted(timeline, key=lambda entry: entry.date)

    @property
    def timeline_heading(self):
        """«Viktige datoer våren 2026», said from the dates in the page's language."""
        return timeline_heading(entry.date for entry in self._timeline)

    @property
    def timeline_in_one_year(self):
        return len({entry.date.year for entry in self._timeline}) <= 1


class ProgramMilestone(TranslatableMixin, Orderable):
    page = ParentalKey("program.ProgramPage", on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(
        _("dato"),
        help_text=_("Milepælene sorteres etter denne datoen. Ved en periode: den første dagen."),
    )
    end_date = models.DateField(
        _("til og med"),
        null=True,
        blank=True,
        help_text=_("Valgfritt. Siste dag når milepælen er en periode."),
    )
    months_only = models.BooleanField(
        _("vis bare måned"),
        default=False,
        help_text=_("Vis måneden(e) i stedet for datoen, for eksempel «Mai/juni»."),
    )
    date_label = models.CharField(
        _("vis som"),
        max_length=40,
        blank=True,
        help_text=_(
            "Valgfritt, og bare når datoene ikke kan si det: en tekst som vises i stedet "
            "for datoen. Den følger ikke med når datoen endres."
        ),
    )
    description = models.CharField(_("hva skjer"), max_length=200)

    # What a translator writes; the date always comes from the Norwegian row.
    TEXT_FIELDS = ("date_label", "description")

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date"), FieldPanel("months_only")]),
        FieldPanel("date_label"),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")

    def __str__(self):
        return self.description

    def clean(self):
        super().clean()
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": _("Perioden kan ikke slutte før den starter.")})

    @property
    def shown_as(self):
        """What the timeline shows instead of the date: the editor's text, the months said
        from the dates, or nothing (the date itself is shown)."""
        if self.date_label:
            return self.date_label
        if self.months_only:
            return month_span_text(self.date, self.end_date)
        return ""
