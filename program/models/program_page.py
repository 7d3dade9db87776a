from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import StoryBlock
from home.models import SocialImageMixin

from .application_window import OSLO, ApplicationWindow
from .calendar import gatherings_calendar
from .seasons import month_span_text, timeline_heading
from .synchronised_facts import copy_facts, live_source, live_sources, translated_rows
from .templatetags.program_tags import long_date


class ProgramIndexPage(Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["program.ProgramPage"]
    max_count_per_parent = 1

    intro = RichTextField(_("innledning"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("programoversikt")
        verbose_name_plural = _("programoversikter")

    def programs(self):
        return (
            ProgramPage.objects.child_of(self).live().public().defer_streamfields()
            .order_by("program_start", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        programs = ProgramPage.with_source_facts(self.programs())
        # Current and upcoming first (soonest start first), then past ones (latest first).
        context["current_programs"] = [p for p in programs if p.program_end >= today]
        context["past_programs"] = sorted(
            (p for p in programs if p.program_end < today),
            key=lambda p: p.program_end,
            reverse=True,
        )
        return context


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    labels: tuple[str, ...]
    date_label: str = ""  # shown instead of the date when the date is approximate

    @property
    def label(self):
        return " + ".join(self.labels)


class ProgramPage(RoutablePageMixin, SocialImageMixin, Page):
    parent_page_types = ["program.ProgramIndexPage"]
    subpage_types = ["forms.ApplicationFormPage"]

    intro = models.TextField(_("ingress"), blank=True)

    # Program period
    program_start = models.DateField(_("programmet starter"))
    program_end = models.DateField(_("programmet slutter"))

    # Application window, in Europe/Oslo time
    application_opens = models.DateTimeField(
        _("søknadsportalen åpner"),
        null=True,
        blank=True,
        help_text=_("Dato og klokkeslett (norsk tid) da søknadsskjemaet åpner."),
    )
    application_closes = models.DateTimeField(
        _("søknadsfrist"),
        null=True,
        blank=True,
        help_text=_("Siste tidspunkt (norsk tid) en søknad blir tatt imot, for eksempel 23:59."),
    )
    information_webinar = models.DateTimeField(_("informasjonswebinar"), null=True, blank=True)
    reply_date = models.DateField(
        _("svarbrev sendes"), null=True, blank=True,
        help_text=_("Datoen kommunene får svar på søknaden."),
    )

    body = StreamField(StoryBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("program_start"), FieldPanel("program_end")]),
                FieldRowPanel([FieldPanel("application_opens"), FieldPanel("application_closes")]),
                FieldRowPanel([FieldPanel("information_webinar"), FieldPanel("reply_date")]),
            ],
            heading=_("Datoer"),
        ),
        MultiFieldPanel(
            [InlinePanel("milestones", label=_("Andre milepæler"))],
            heading=_("Viktige datoer"),
            help_text=_(
                "Overskriften («Viktige datoer våren 2026») lages av datoene. Milepæler "
                "sorteres etter datoen sin."
            ),
        ),
        InlinePanel("gatherings", heading=_("Samlinger"), label=_("Samling")),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("gatherings", [index.SearchField("title"), index.SearchField("place")]),
    ]

    class Meta:
        verbose_name = _("programside")
        verbose_name_plural = _("programsider")

    def clean(self):
        super().clean()
        errors = {}
        if self.program_start and self.program_end and self.program_end < self.program_start:
            errors["program_end"] = _("Programmet kan ikke slutte før det starter.")
        if bool(self.application_opens) != bool(self.application_closes):
            missing = "application_closes" if self.application_opens else "application_opens"
            errors[missing] = _("Fyll ut både når søknadsportalen åpner og søknadsfristen.")
        elif self.application_opens and self.application_closes <= self.application_opens:
            errors["application_closes"] = _("Søknadsfristen må være etter at portalen åpner.")
        if errors:
            raise ValidationError(errors)

    # Facts every language takes from the live Norwegian page (program/synchronised_facts.py)

    FACT_FIELDS = (
        "program_start", "program_end", "application_opens", "application_closes",
        "information_webinar", "reply_date",
    )

    @cached_property
    def fact_source(self):
        """The live Norwegian page whose dates this page shows (itself when Norwegian)."""
        return live_source(self, ProgramPage.objects.defer_streamfields())

    def use_source_facts(self):
        """Show and enforce the Norwegian page's dates on this (translated) page, in memory."""
        if not getattr(self, "_source_facts_used", False):
            self._source_facts_used = True
            if self.fact_source is not self:
                copy_facts(self, self.fact_source, self.FACT_FIELDS)
        return self

    @classmethod
    def with_source_facts(cls, pages):
        """`pages` with their Norwegian facts, the sources fetched in one query."""
        pages = list(pages)
        sources = live_sources(pages, cls.objects.defer_streamfields())
        for page in pages:
            page.__dict__.setdefault("fact_source", sources[page.pk])
            page.use_source_facts()
        return pages

    # Dates derived from the fields

    @property
    def application_window(self):
        self.use_source_facts()
        if not (self.application_opens and self.application_closes):
            return None
        return ApplicationWindow(self.application_opens, self.application_closes)

    def application_status(self, now=None):
        window = self.application_window
        return window.status(now) if window else None

    # Cards that link to a program (home page, listings) show its status from the fields.
    card_status_template = "program/includes/application_status_line.html"

    @property
    def meta_description(self):
        """The search description with the deadline said from the date field (search
        results, <meta name="description">), so no typed date can go stale."""
        window = self.application_window
        if window is None:
            return self.search_description
        deadline = _("Søknadsfrist %(deadline)s.") % {
            "deadline": long_date(window.closes.astimezone(OSLO).date())
        }
        return " ".join(part for part in (self.search_description, str(deadline)) if part)

    # Free text that may mention dates, checked against the date fields on save
    # (program/wagtail_hooks.py warns; it never blocks).

    def date_spans(self):
        """Every date the program states, as (first, last) pairs."""
        days = [
            self.program_start, self.program_end, self.reply_date,
            *(moment.astimezone(OSLO).date() for moment in (
                self.information_webinar, self.application_opens, self.application_closes,
            ) if moment),
            *(gathering.date for gathering in self.gatherings.all()),
        ]
        spans = [(day, day) for day in days if day]
        spans += [(m.date, m.end_date or m.date) for m in self.milestones.all() if m.date]
        if self.program_start and self.program_end:
            spans.append((self.program_start, self.program_end))
        return spans

    def dated_texts(self):
        """(field name as the editor sees it, text) for the free text that may name dates."""
        texts = [
            (self._meta.get_field("intro").verbose_name, self.intro),
            (_("søkebeskrivelse"), self.search_description),
            (self._meta.get_field("body").verbose_name, stream_text(self.body)),
        ]
        milestone_field = ProgramMilestone._meta.get_field
        for milestone in self.milestones.all():
            texts += [
                (milestone_field(name).verbose_name, getattr(milestone, name))
                for name in ("date_label", "description")
            ]
        return texts

    def dated_children(self):
        """Live child pages whose free text names this program's dates (its form)."""
        if not self.pk:
            return []
        children = self.get_children().live().specific()
        return [child for child in children if hasattr(child, "dated_texts")]

    @property
    def opens_after_webinar(self):
        """True when the portal opens on the day of the information webinar, as is usual."""
        return bool(
            self.information_webinar
            and self.application_opens
            and self.information_webinar.astimezone(OSLO).date()
            == self.application_opens.astimezone(OSLO).date()
            and self.application_opens >= self.information_webinar
        )

    @cached_property
    def sorted_gatherings(self):
        gatherings = self.gatherings.all()
        if self.fact_source is not self:
            gatherings = translated_rows(
                self, self.fact_source, "gatherings", Gathering.TEXT_FIELDS
            )
        return sorted(gatherings, key=lambda g: (g.date, g.start_time or time.min))

    @cached_property
    def sorted_milestones(self):
        milestones = self.milestones.all()
        if self.fact_source is not self:
            milestones = translated_rows(
                self, self.fact_source, "milestones", ProgramMilestone.TEXT_FIELDS
            )
        return list(milestones)

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

    def timeline(self):
        """Important dates in order; dates shared by several events become one entry."""
        return self._timeline

    @cached_property
    def _timeline(self):
        self.use_source_facts()
        events = []
        if self.information_webinar:
            webinar_day = self.information_webinar.astimezone(OSLO).date()
            events.append((webinar_day, _("Informasjonswebinar")))
        if self.application_opens:
            opening_day = self.application_opens.astimezone(OSLO).date()
            events.append((opening_day, _("Søknadsportalen åpner")))
        if self.application_closes:
            events.append((self.application_closes.astimezone(OSLO).date(), _("Søknadsfrist")))
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

    def get_context(self, request, *args, **kwargs):
        self.use_source_facts()
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["now"] = now  # gatherings that have ended are marked as past
        context["application_status"] = self.application_status(now)
        context["next_gathering"] = self.next_gathering(now)
        context["application_form"] = self.application_form()
        return context

    def application_form(self):
        """The program's live application form page, if it has one."""
        from forms.models import ApplicationFormPage

        # Only its address is shown: no need for the form page's own columns. A form behind
        # a view restriction still gets its link; Wagtail asks for the login or password.
        return (
            Page.objects.child_of(self).live()
            .filter(content_type=ContentType.objects.get_for_model(ApplicationFormPage))
            .only("id", "path", "depth", "url_path", "title", "locale_id").first()
        )

    # Wagtail page URLs allow no dot, so the feed lives at kalender/ and names its file .ics.
    @path("kalender/", name="calendar")
    def calendar_feed(self, request):
        self.use_source_facts()
        response = HttpResponse(
            gatherings_calendar(self, request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="{self.slug}.ics"'
        return response


def stream_text(stream_value):
    """Every string in a StreamField's content, joined: the words an editor typed."""

    def strings(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("type", "id"):
                    yield from strings(value)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)
        elif isinstance(node, str):
            yield node

    return " ".join(strings(stream_value.get_prep_value())) if stream_value else ""


class Gathering(TranslatableMixin, Orderable):
    """A gathering of a program. Its texts are translated; its date, times and form are
    read from the Norwegian page's row whenever a translation is shown."""

    class Mode(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        PHYSICAL = "physical", _("Fysisk")

    # What a translator writes; the date, times and mode always come from the Norwegian row.
    TEXT_FIELDS = ("title", "audience", "place", "series")

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="gatherings")
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("starter kl."), null=True, blank=True)
    end_time = models.TimeField(_("slutter kl."), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=120)
    audience = models.CharField(
        _("for hvem"), max_length=80,
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


def next_content_change(now):
    """The next moment a page may show something else by the clock alone.

    Program pages and listings show the application status (changes when a window opens
    and just after it closes), the days left and current/past programs (change at
    midnight in Oslo) and the next gathering (changes when one ends). Midnight comes at
    least daily, so only moments before the coming midnight need looking up.
    """
    today = now.astimezone(OSLO).date()
    midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=OSLO)
    moments = [midnight]
    windows = ProgramPage.objects.live().filter(
        models.Q(application_opens__gt=now, application_opens__lt=midnight)
        | models.Q(application_closes__gte=now, application_closes__lt=midnight)
    )
    for opens, closes in windows.values_list("application_opens", "application_closes"):
        # Open up to and including the deadline: «closed» starts a microsecond after it.
        moments += [opens, closes + timedelta(microseconds=1)]
    moments += [
        gathering.ends_at
        for gathering in Gathering.objects.filter(page__live=True, date=today).only(
            "date", "end_time"
        )
    ]
    return min(moment for moment in moments if moment and moment > now)


class ProgramMilestone(TranslatableMixin, Orderable):
    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(
        _("dato"),
        help_text=_(
            "Milepælene sorteres etter denne datoen. Ved en periode: den første dagen."
        ),
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
