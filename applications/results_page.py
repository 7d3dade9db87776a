"""A round's published results (issue 18, item 3): a page under the application form,
generated from the decisions, never typed. Staff publish it from the round's results page
in the admin (applications/results_views.py); it is regenerated when a decision changes
until the round is closed (applications/results.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from forms.models import ReviewStatus
from home.routing import KeptViewRestrictionsMixin
from program.synchronised_facts import live_source

# Written by applications/results.py only, straight to the page's row. Not content of a
# revision: publishing an editor's intro, a moderator's approval or a revert to an old
# revision keeps the rows and dates the row has now (see with_content_json).
GENERATED_FIELDS = ("results", "published_on", "updated_on", "closed_at")


class ResultsPage(KeptViewRestrictionsMixin, Page):
    """The municipalities granted (or every applicant with the decision, if the form says
    so), as of the date of publication. Only names of municipalities and decisions: never a
    contact person or an answer."""

    template = "applications/results_page.html"
    parent_page_types = ["forms.ApplicationFormPage"]
    subpage_types = []
    max_count_per_parent = 1
    # Made by the staff's «Publiser resultatet», not by hand.
    is_creatable = False

    intro = RichTextField(_("innledning"), features=["bold", "italic", "link"], blank=True)
    # [{"municipality": …, "county": …, "decision": "innvilget", "partners": [{…}]}] as
    # generated from the decisions; a translation shows its Norwegian page's rows.
    results = models.JSONField(_("resultater"), default=list, blank=True, editable=False)
    published_on = models.DateField(_("publisert"), null=True, blank=True, editable=False)
    updated_on = models.DateField(_("oppdatert"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(
        _("runden er avsluttet"), null=True, blank=True, editable=False
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    override_translatable_fields = [
        SynchronizedField("results", overridable=False),
        SynchronizedField("published_on", overridable=False),
        SynchronizedField("updated_on", overridable=False),
    ]
    # A copy (of the form page with its subpages) starts without rows: never a stale list.
    exclude_fields_in_copy = list(GENERATED_FIELDS)

    class Meta:
        verbose_name = _("resultatside")
        verbose_name_plural = _("resultatsider")

    @property
    def meta_description(self):
        """<meta name="description">: the editor's text, else what the page is, said from
        its form page (the page is generated, so nobody types one)."""
        if self.search_description:
            return self.search_description
        return _("Resultatet av søknadsrunden «%(round)s».") % {"round": self.get_parent().title}

    def with_content_json(self, content):
        page = super().with_content_json(content)
        # From the row as it is now: this instance may have been loaded before the last
        # regeneration (a revision's cached page object).
        current = ResultsPage.objects.filter(pk=self.pk).values(*GENERATED_FIELDS).first()
        for name, value in (current or {}).items():
            setattr(page, name, value)
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A translation shows its Norwegian page's current rows and dates.
        source = live_source(self, ResultsPage.objects.all())
        context.update(
            published_on=source.published_on,
            updated_on=source.updated_on if source.updated_on != source.published_on else None,
            result_groups=grouped_rows(source.results),
        )
        return context


# Granted first, then the waiting list, then the rejected.
PUBLISHED_DECISIONS = [ReviewStatus.GRANTED, ReviewStatus.WAITLISTED, ReviewStatus.REJECTED]


def grouped_rows(rows):
    """[(decision label, [row])] in the order above, labels in the active language."""
    return [
        (decision.label, group)
        for decision in PUBLISHED_DECISIONS
        if (group := [row for row in rows if row.get("decision") == decision.value])
    ]
