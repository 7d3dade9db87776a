"""Editors create news in the admin: programs and topics tagged, an image with alt text or
marked decorative; a missing alt text is refused by its field, in Norwegian."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from wagtail_factories import ImageFactory

from home.models import HomePage
from news.models import NewsArticlePage, NewsIndexPage
from tests.factories import ProgramIndexPageFactory, ProgramPageFactory
from tests.news.factories import NewsIndexPageFactory


def article_data(programs=(), **fields):
    # nested_form_data would number a list's items; a multiple choice sends them as one key.
    return {"programs": list(programs)} | nested_form_data(
        {
            "title": "Ny rammeplan",
            "slug": "ny-rammeplan",
            "date": "2026-11-02",
            "lead": "Rammeplanen er her.",
            "body": streamfield([]),
            "tags": "Rammeplan, Kulturskole",
            "image_alt": "",
            **fields,
        }
    )


class NewsAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(self.create_superuser("admin"))
        self.home = HomePage.objects.get()

    def test_news_tree(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        NewsIndexPageFactory(parent=self.home)
        self.assertFalse(NewsIndexPage.can_create_at(self.home))  # one per home page

    def test_editor_creates_an_article_with_programs_topics_and_image(self):
        index = NewsIndexPageFactory(parent=self.home)
        program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=self.home))
        image = ImageFactory()
        self.assertCanCreate(
            index,
            NewsArticlePage,
            article_data(programs=[program.pk], image=image.pk, image_alt="Elever på scenen"),
        )
        # A draft until published: its relations live in the revision.
        article = NewsArticlePage.objects.get(slug="ny-rammeplan").get_latest_revision_as_object()
        assert list(article.programs.all()) == [program]
        assert sorted(tag.name for tag in article.tags.all()) == ["Kulturskole", "Rammeplan"]
        assert article.image_alt_text == "Elever på scenen"

    def test_an_image_without_alt_text_is_refused_by_its_field(self):
        index = NewsIndexPageFactory(parent=self.home)
        url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", index.pk))
        response = self.client.post(url, article_data(image=ImageFactory().pk))
        assert response.status_code == 200
        assert "Skriv en alternativ tekst" in response.content.decode()
        assert response.context["form"].errors["image_alt"]
        assert response.context["form"]["lead"].value() == "Rammeplanen er her."  # kept
        assert not NewsArticlePage.objects.exists()


@pytest.mark.django_db
def test_index_children_are_articles_only(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    assert not Page.objects.child_of(index).exists()
