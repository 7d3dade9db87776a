"""The listing of every program."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.page_data import for_content
from home.routing import KeptViewRestrictionsMixin

from .program_page import ProgramPage


class ProgramIndexPage(KeptViewRestrictionsMixin, Page):
    parent_page_types = ["home.HomePage"]
    search_kind = _("Program")  # what a search result calls it (home/search.py)
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
            ProgramPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("program_start", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        # Looked up once per content generation; which are current is decided per request.
        programs = for_content(
            request, self, "programs", lambda: ProgramPage.with_source_facts(self.programs())
        )
        # Current and upcoming first (soonest start first), then past ones (latest first).
        context["current_programs"] = [p for p in programs if p.program_end >= today]
        context["past_programs"] = sorted(
            (p for p in programs if p.program_end < today),
            key=lambda p: p.program_end,
            reverse=True,
        )
        return context
