"""A program: its period, application window, gatherings and important dates."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import StoryBlock
from home.models import MainImageMixin, SocialImageMixin
from home.page_data import for_content
from home.routing import KeptViewRestrictionsMixin
from home.search import SearchDetails
from website.dates import OSLO, long_date, oslo_date

from .. import page_sections
from ..application_window import ApplicationWindow
from ..calendar import gatherings_calendar
from ..dates_in_text import stream_text
from ..synchronised_facts import copy_facts, live_source, live_sources
from .gatherings import Gathering, ProgramGatherings
from .timeline import ProgramMilestone, ProgramTimeline


class ProgramPage(
    RoutablePageMixin,
    KeptViewRestrictionsMixin,
    SocialImageMixin,
    MainImageMixin,
    SearchDetails,
    ProgramTimeline,
    ProgramGatherings,
    Page,
):
    parent_page_types = ["program.ProgramIndexPage"]
    search_kind = _("Program")  # what a search result calls it (home/search.py)
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
        _("svarbrev sendes"),
        null=True,
        blank=True,
        help_text=_("Datoen kommunene får svar på søknaden."),
    )

    body = StreamField(StoryBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        *MainImageMixin.image_panels,
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
        "program_start",
        "program_end",
        "application_opens",
        "application_closes",
        "information_webinar",
        "reply_date",
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
    def with_search_details(cls, pks):
        """The pages a search found, with the facts their result shows (home/search.py)."""
        return cls.with_source_facts(cls.objects.filter(pk__in=pks).defer_streamfields())

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
            "deadline": long_date(oslo_date(window.closes))
        }
        return " ".join(part for part in (self.search_description, str(deadline)) if part)

    # Free text that may mention dates, checked against the date fields on save
    # (program/wagtail_hooks.py warns; it never blocks).

    def date_spans(self):
        """Every date the program states, as (first, last) pairs."""
        days = [
            self.program_start,
            self.program_end,
            self.reply_date,
            *(
                oslo_date(moment)
                for moment in (
                    self.information_webinar,
                    self.application_opens,
                    self.application_closes,
                )
                if moment
            ),
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
            and oslo_date(self.information_webinar) == oslo_date(self.application_opens)
            and self.application_opens >= self.information_webinar
        )

    @classmethod
    def next_content_change(cls, now):
        """The next moment a page may show something else by the clock alone (the page
        cache's protocol, website/page_cache.py).

        Program pages and listings show the application status (changes when a window opens
        and just after it closes), the days left and current/past programs (change at
        midnight in Oslo) and the next gathering (changes when one ends). Midnight comes at
        least daily, so only moments before the coming midnight need looking up.
        """
        today = oslo_date(now)
        midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=OSLO)
        moments = [midnight]
        windows = cls.objects.live().filter(
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

    def get_context(self, request, *args, **kwargs):
        self.load_content_rows(request)
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["now"] = now  # gatherings that have ended are marked as past
        context["application_status"] = self.application_status(now)
        context["next_gathering"] = self.next_gathering(now)
        context["application_form"] = self.__dict__["application_form_page"]
        # What the apps above program add (their news, ...): program/page_sections.py.
        context["page_sections"] = page_sections.sections_for(self, request)
        return context

    # What the page shows from other rows, looked up once per content generation.
    CONTENT_ROWS = (
        "fact_source",
        "sorted_gatherings",
        "sorted_milestones",
        "application_form_page",
    )

    def load_content_rows(self, request):
        """The Norwegian facts, gatherings, milestones and form link, from the cache of the
        content generation (a preview's rows are the draft's, so it reads its own)."""
        rows = for_content(request, self, "program-rows", self._content_rows)
        self.__dict__.update(zip(self.CONTENT_ROWS, rows, strict=True))
        # A Norwegian page is its own source: not kept inside its own cached rows.
        self.__dict__["fact_source"] = rows[0] or self
        self.use_source_facts()

    def _content_rows(self):
        self.use_source_facts()
        source = None if self.fact_source is self else self.fact_source
        return (source, self.sorted_gatherings, self.sorted_milestones, self.application_form())

    def application_form(self):
        """The program's live application form page, if it has one.

        A program holds nothing but its application form (`subpage_types`, which names the
        form's page type without importing the forms app, a layer above).
        """
        form_types = [
            ContentType.objects.get_for_model(model) for model in self.allowed_subpage_models()
        ]
        # Only its address is shown: no need for the form page's own columns. A form behind
        # a view restriction still gets its link; Wagtail asks for the login or password.
        return (
            Page.objects.child_of(self)
            .live()
            .filter(content_type__in=form_types)
            .only("id", "path", "depth", "url_path", "title", "locale_id")
            .first()
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
