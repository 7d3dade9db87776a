from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from website.page_cache import for_generation

from . import front_page
from .blocks import FeaturedLinksBlock, StoryBlock, table_of_contents
from .page_data import for_content
from .routing import KeptRouteMixin, KeptViewRestrictionsMixin


class SocialImageMixin(models.Model):
    """An image for link previews (Open Graph) when a page is shared."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("bilde for deling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises når siden deles i sosiale medier. Minst 1200 × 630 piksler."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    @property
    def share_image(self):
        """The image for link previews: the social image, or else the page's main image."""
        return self.social_image or getattr(self, "image", None)

    @property
    def share_image_alt(self):
        if self.social_image:
            return self.social_image.default_alt_text
        return getattr(self, "image_alt_text", "")


class MainImageMixin(models.Model):
    """A page's own picture, with alt text required unless the editor marks it decorative."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("bilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternativ tekst"),
        max_length=250,
        blank=True,
        help_text=_("Beskriv hva bildet viser for dem som ikke ser det."),
    )
    image_is_decorative = models.BooleanField(
        _("bildet er bare pynt"),
        default=False,
        help_text=_("Kryss av bare når bildet ikke sier noe teksten ikke sier (tom alt-tekst)."),
    )

    image_panels = [
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_is_decorative")],
            heading=_("Bilde"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id and not self.image_is_decorative and not self.image_alt.strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Skriv en alternativ tekst, eller kryss av for at bildet bare er pynt."
                    )
                }
            )

    @property
    def image_alt_text(self):
        """The alt attribute: empty for a decorative image."""
        return "" if self.image_is_decorative else self.image_alt


class HomePage(KeptRouteMixin, KeptViewRestrictionsMixin, SocialImageMixin, MainImageMixin, Page):
    parent_page_types = ["wagtailcore.Page"]
    search_kind = _("Forside")  # what a search result calls it (home/search.py)
    # The news index is named, not imported: news is a layer above home.
    subpage_types = [
        "home.StrategyPage",
        "home.ContentPage",
        "program.ProgramIndexPage",
        "news.NewsIndexPage",
    ]

    # Hero
    hero_kicker = models.CharField(_("overtittel"), max_length=60, blank=True, default="Visjon")
    hero_heading = models.CharField(
        _("visjon"), max_length=120, help_text=_("Hovedbudskapet øverst på forsiden.")
    )
    intro = RichTextField(_("innledning"), features=["bold", "italic", "link"], blank=True)

    # Featured links
    featured_links = StreamField(
        FeaturedLinksBlock(),
        verbose_name=_("fremhevede lenker"),
        blank=True,
        help_text=_("Strategi- og programsider som løftes fram på forsiden."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_kicker"), FieldPanel("hero_heading"), FieldPanel("intro")],
            heading=_("Toppfelt"),
        ),
        *MainImageMixin.image_panels,
        FieldPanel("featured_links"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("intro"),
    ]

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What is current (open calls, gatherings, news) from the apps that registered it.
        context["front_page_sections"] = front_page.sections_for(self, request)
        context["featured_links"] = self.featured_link_values(request)
        return context

    def featured_link_values(self, request):
        """The featured links, each with its page as its own type in this page's language,
        looked up once per content generation (a link's status line is still said per
        request, from the linked page's dates)."""
        stream = self.featured_links
        link_block = stream.stream_block.child_blocks["link"]
        links = for_content(request, self, "featured-links", self._featured_links)
        values = []
        for title, text, page in links:
            value = link_block.meta.value_class(
                link_block, [("page", page), ("title", title), ("text", text)]
            )
            value.specific_page = page
            values.append(value)
        return values

    def _featured_links(self):
        """[(title, text, page)]: the linked pages as their own types in one query per page
        type, not one per link. A translated home page keeps the Norwegian page ids in its
        links (wagtail-localize synchronises page choosers), so follow the translation."""
        links = [block.value for block in self.featured_links]
        keys = [link["page"].translation_key for link in links if link["page"]]
        pages = {
            page.translation_key: page
            for page in Page.objects.filter(translation_key__in=keys, locale_id=self.locale_id)
            .live()
            .defer_streamfields()
            .specific()
        }
        found = []
        for link in links:
            if link["page"]:
                page = pages.get(link["page"].translation_key) or link["page"].specific
                # Dates a linked program shows come from its Norwegian page: read them now.
                if hasattr(page, "use_source_facts"):
                    page.use_source_facts()
                found.append((link["title"], link["text"], page))
        return found


class StrategyPage(KeptViewRestrictionsMixin, SocialImageMixin, Page):
    """A strategy document: long text with a table of contents and its sections as child pages."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    search_kind = _("Strategi")

    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("innhold"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("strategiside")
        verbose_name_plural = _("strategisider")

    @cached_property
    def table_of_contents(self):
        return table_of_contents(self.body)

    def section_pages(self):
        return self.get_children().live().public().specific().defer_streamfields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.__dict__["table_of_contents"] = for_content(
            request, self, "toc", lambda: table_of_contents(self.body)
        )
        context["sections"] = for_content(
            request, self, "sections", lambda: list(self.section_pages())
        )
        return context


class ContentPage(KeptViewRestrictionsMixin, SocialImageMixin, Page):
    """A general content page, e.g. an area of operation, privacy or accessibility statement."""

    parent_page_types = ["home.HomePage", "home.StrategyPage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    search_kind = _("Side")
    # An area of a strategy is found as part of the strategy.
    search_kind_below = {"home.StrategyPage": _("Strategi")}

    eyebrow = models.CharField(
        _("overtittel"),
        max_length=80,
        blank=True,
        help_text=_("Valgfritt. Vises foran tittelen, for eksempel «Kulturskolerådet»."),
    )
    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("eyebrow"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("innholdsside")
        verbose_name_plural = _("innholdssider")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pager = for_content(request, self, "strategy-pager", self.strategy_pager)
        context["strategy_pager"] = pager
        return context

    def strategy_pager(self):
        """An area of a strategy: {"strategy", "previous", "next"} in the order the strategy
        lists its areas (section_pages), or None for a page outside a strategy. Two queries,
        whatever the number of areas."""
        if not self.pk:  # a new page's preview: not in the tree yet
            return None
        parent = self.get_parent()
        if parent is None or parent.specific_class is not StrategyPage:
            return None
        areas = list(parent.get_children().live().public())
        place = next((i for i, area in enumerate(areas) if area.pk == self.pk), None)
        if place is None:  # a draft or restricted area: only the way back
            return {"strategy": parent, "previous": None, "next": None}
        return {
            "strategy": parent,
            "previous": areas[place - 1] if place > 0 else None,
            "next": areas[place + 1] if place + 1 < len(areas) else None,
        }


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Navn"), max_length=40, help_text=_("For eksempel «Facebook»."))
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link"
        label = _("Lenke til sosiale medier")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details shown in the footer of every page."""

    # Fetched with the settings: every page links to them.
    select_related = ["privacy_page", "accessibility_page"]

    @classmethod
    def for_site(cls, site):
        # Every page shows them: kept in the cache until content (these included) changes.
        return for_generation(
            f"site-settings:{getattr(site, 'pk', None)}",
            lambda: super(SiteSettings, cls).for_site(site),
        )

    organisation_name = models.CharField(
        _("organisasjonens navn"), max_length=120, default="Kulturskolerådet"
    )
    address = models.TextField(_("adresse"), blank=True)
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=20,
        blank=True,
        help_text=_("Fra Enhetsregisteret, for eksempel «123 456 789»."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("sosiale medier"), blank=True
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personvernerklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("organisation_number"),
                FieldPanel("email"),
                FieldPanel("phone"),
            ],
            heading=_("Kontaktinformasjon"),
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Erklæringer i bunnteksten"),
        ),
    ]

    class Meta:
        verbose_name = _("nettstedsinnstillinger")
