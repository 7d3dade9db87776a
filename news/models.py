"""News: an index page per language and its articles."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from home.blocks import StoryBlock
from home.models import MainImageMixin, SocialImageMixin
from home.routing import KeptViewRestrictionsMixin
from program.models import ProgramPage

from . import feeds

# The renditions a card's {% picture %} asks for (news/includes/article_card.html), fetched
# with the articles so a listing costs the same queries with 3 images or 30.
CARD_RENDITIONS = tuple(
    f"fill-{size}|format-{fmt}"
    for size in ("480x270", "960x540")
    for fmt in ("avif", "webp", "jpeg")
)


def with_card_images(articles):
    """Articles with their image and the card renditions fetched up front (constant queries)."""
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
    return articles.prefetch_related(Prefetch("image", queryset=images))


def with_card_renditions(articles):
    """`articles` (a list) with every card rendition made and on its image now, not when the
    card is shown: a list kept for the content generation then has them all."""
    for article in articles:
        if article.image:
            article.image.get_renditions(*CARD_RENDITIONS)
    return articles


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, KeptViewRestrictionsMixin, SocialImageMixin, Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    max_count_per_parent = 1

    search_kind = _("Nyhet")
    per_page = 12

    intro = models.TextField(_("ingress"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("nyhetsoversikt")
        verbose_name_plural = _("nyhetsoversikter")

    def articles(self):
        return (
            NewsArticlePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at", "-pk")
        )

    def filtered_articles(self, request):
        """The articles, narrowed by ?program=<slug> and ?tema=<slug>; unknown values
        narrow to nothing rather than failing."""
        articles = self.articles()
        program = request.GET.get("program", "").strip()
        topic = request.GET.get("tema", "").strip()
        if program:
            # Follow the translation: an English article may link the Norwegian program.
            keys = ProgramPage.objects.filter(slug=program).values("translation_key")
            articles = articles.filter(programs__translation_key__in=keys)
        if topic:
            articles = articles.filter(tagged_items__tag__slug=topic)
        return articles.distinct(), program, topic

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles, program, topic = self.filtered_articles(request)
        paginator = Paginator(with_card_images(articles.defer_streamfields()), self.per_page)
        try:
            page = paginator.page(request.GET.get("side", 1))
        except (PageNotAnInteger, EmptyPage):
            page = paginator.page(1)
        articles = list(page.object_list)
        NewsArticlePage.attach_programs(articles, self.locale_id)
        context.update(
            articles=articles,
            page_obj=page,
            program_filter=program,
            topic_filter=topic,
            filter_query="&".join(
                f"{name}={value}"
                for name, value in (("program", program), ("tema", topic))
                if value
            ),
        )
        return context

    # Feeds (Wagtail page paths allow no dot: /nyheter/rss/ and /nyheter/atom/)

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return feeds.NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return feeds.NewsAtomFeed(self)(request)

    @property
    def feed_links(self):
        return feeds.feed_links(self)


class NewsArticlePage(KeptViewRestrictionsMixin, SocialImageMixin, MainImageMixin, Page):
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    search_kind = _("Nyhet")

    date = models.DateField(_("dato"), default=timezone.localdate)
    lead = models.TextField(
        _("ingress"), help_text=_("Ett til tre setninger som oppsummerer saken.")
    )
    body = StreamField(StoryBlock(), verbose_name=_("innhold"), blank=True)
    programs = ParentalManyToManyField(
        "program.ProgramPage",
        verbose_name=_("program"),
        blank=True,
        related_name="news_articles",
        help_text=_("Saken vises på sidene til programmene du velger."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tema"),
        through=NewsArticleTag,
        blank=True,
        help_text=_("Stikkord for temaet, skilt med komma."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        *MainImageMixin.image_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("programs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Merking"),
        ),
    ]

    # Page.search_fields weighs the title (boost 2) above the lead and the body.
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead", boost=1.5),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("nyhetssak")
        verbose_name_plural = _("nyhetssaker")

    @classmethod
    def latest(cls, locale, limit=3):
        """The newest live, public articles in `locale`, with their card images."""
        articles = (
            cls.objects.live()
            .public()
            .filter(locale=locale)
            .defer_streamfields()
            .order_by("-date", "-first_published_at", "-pk")
        )
        return with_card_renditions(list(with_card_images(articles)[:limit]))

    @classmethod
    def for_program(cls, program, limit=3):
        """The newest articles in the program page's language that name the program (in
        any language: a translated article may keep the Norwegian program in its links)."""
        articles = (
            cls.objects.live()
            .public()
            .filter(locale_id=program.locale_id, programs__translation_key=program.translation_key)
            .distinct()
            .defer_streamfields()
            .order_by("-date", "-first_published_at", "-pk")
        )
        return with_card_renditions(list(with_card_images(articles)[:limit]))

    @classmethod
    def attach_programs(cls, articles, locale_id):
        """Set `linked_programs` on each article: its programs in `locale_id`'s language,
        in two queries whatever the number of articles."""
        through = cls.programs.through
        links = through.objects.filter(newsarticlepage__in=articles).values_list(
            "newsarticlepage_id", "programpage__translation_key"
        )
        keys = {key for _, key in links}
        pages = {
            page.translation_key: page
            for page in ProgramPage.objects.filter(translation_key__in=keys, locale_id=locale_id)
            .live()
            .defer_streamfields()
            .only(
                "id", "title", "slug", "path", "depth", "url_path", "locale_id", "translation_key"
            )
        }
        by_article = {}
        for article_id, key in links:
            if key in pages:
                by_article.setdefault(article_id, []).append(pages[key])
        for article in articles:
            article.linked_programs = by_article.get(article.pk, [])

    @cached_property
    def program_pages(self):
        """The article's programs in its own language (live ones only)."""
        NewsArticlePage.attach_programs([self], self.locale_id)
        return self.linked_programs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = self.program_pages
        context["topics"] = list(self.tags.all())
        return context

    @property
    def main_image(self):
        return self.image

    @property
    def meta_description(self):
        """<meta name="description"> and search: the editor's text, else the article's lead."""
        return self.search_description or self.lead
