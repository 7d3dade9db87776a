"""A round's published results (issue 18, item 3): a page under the application form,
generated from the decisions, never typed. Staff publish it from the round's follow-up
page; it is regenerated when a decision changes until the round is closed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField


class ResultsPage(Page):
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
    # [{"municipality": …, "county": …, "decision": "innvilget", "partners": [...]}] as
    # generated from the decisions; a translation shows its Norwegian page's rows.
    results = models.JSONField(_("resultater"), default=list, blank=True, editable=False)
    published_on = models.DateField(_("publisert"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(
        _("runden er avsluttet"), null=True, blank=True, editable=False
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    override_translatable_fields = [
        SynchronizedField("results", overridable=False),
        SynchronizedField("published_on", overridable=False),
    ]

    class Meta:
        verbose_name = _("resultatside")
        verbose_name_plural = _("resultatsider")
