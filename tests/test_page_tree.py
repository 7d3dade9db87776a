"""Editors can only build a sensible tree, and can create each page type in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.models import ContentPage, HomePage, StrategyPage
from news.models import NewsIndexPage
from program.models import ProgramIndexPage, ProgramPage
from tests.factories import HomePageFactory, ProgramIndexPageFactory


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StrategyPage, ContentPage, ProgramIndexPage, NewsIndexPage}
        )

    def test_strategy_page_lives_under_home_with_content_pages_below(self):
        self.assertAllowedParentPageTypes(StrategyPage, {HomePage})
        self.assertAllowedSubpageTypes(StrategyPage, {ContentPage})

    def test_content_pages_nest_under_home_strategy_and_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, StrategyPage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_programs_live_in_the_program_index(self):
        self.assertAllowedParentPageTypes(ProgramIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProgramIndexPage, {ProgramPage})
        self.assertAllowedParentPageTypes(ProgramPage, {ProgramIndexPage})
        self.assertCanNotCreateAt(HomePage, ProgramPage)
        self.assertCanNotCreateAt(StrategyPage, ProgramPage)

    def test_one_program_index_per_home_page(self):
        home = HomePage.objects.get()
        self.assertCanCreateAt(HomePage, ProgramIndexPage)
        ProgramIndexPageFactory(parent=home)
        self.assertFalse(ProgramIndexPage.can_create_at(home))
        # Another home page (another site or locale) may have its own.
        other_home = HomePageFactory(parent=Page.objects.get(depth=1), slug="annen")
        self.assertTrue(ProgramIndexPage.can_create_at(other_home))


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        # force_login: a password sign-in goes through django-axes, which needs a request.
        self.client.force_login(self.create_superuser("admin"))
        self.home = HomePage.objects.get()

    def test_editor_can_create_a_strategy_page_with_every_block(self):
        self.assertCanCreate(
            self.home,
            StrategyPage,
            nested_form_data(
                {
                    "title": "Strategi 2030",
                    "slug": "strategi-2030",
                    "intro": "Kort ingress.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Verdier", "level": "h2", "anchor": ""}),
                            ("paragraph", rich_text("<p>Tekst.</p>")),
                            (
                                "value_cards",
                                {
                                    "cards": streamfield(
                                        [("item", {"title": "Inkluderende", "text": "Alle."})]
                                    )
                                },
                            ),
                            (
                                "task_list",
                                {
                                    "tasks": streamfield(
                                        [("item", {"title": "Påvirke", "text": "Dialog."})]
                                    )
                                },
                            ),
                            ("quote", {"text": "Sitat.", "attribution": "Gunnar Skaar"}),
                            ("callout", {"title": "Visjon", "text": rich_text("<p>For alle</p>")}),
                        ]
                    ),
                }
            ),
        )

    def test_editor_can_create_a_program_page_with_gatherings(self):
        index = ProgramIndexPageFactory(parent=self.home)
        self.assertCanCreate(
            index,
            ProgramPage,
            nested_form_data(
                {
                    "title": "Nytt program",
                    "slug": "nytt-program",
                    "program_start": "2027-01-01",
                    "program_end": "2027-12-31",
                    "application_opens": "2026-10-01 09:00",
                    "application_closes": "2026-11-01 23:59",
                    "timeline_heading": "Viktige datoer",
                    "body": streamfield([]),
                    "milestones": inline_formset([]),
                    "gatherings": inline_formset(
                        [
                            {
                                "date": "2027-02-03",
                                "start_time": "09:00",
                                "end_time": "13:00",
                                "title": "Oppstart",
                                "audience": "Hele kommunegruppa",
                                "mode": "digital",
                                "place": "",
                                "series": "",
                            }
                        ]
                    ),
                }
            ),
        )
        page = ProgramPage.objects.get(slug="nytt-program")
        assert page.gatherings.get().title == "Oppstart"


@pytest.mark.django_db
def test_program_dates_that_contradict_each_other_are_refused_in_norwegian(admin_client):
    home = HomePage.objects.get()
    index = ProgramIndexPageFactory(parent=home)
    data = nested_form_data(
        {
            "title": "Feil datoer",
            "slug": "feil-datoer",
            "program_start": "2027-12-31",
            "program_end": "2027-01-01",
            "application_opens": "2026-11-01 09:00",
            "application_closes": "2026-10-01 09:00",
            "timeline_heading": "Viktige datoer",
            "body": streamfield([]),
            "milestones": inline_formset([]),
            "gatherings": inline_formset(
                [
                    {
                        "date": "2027-02-03",
                        "start_time": "13:00",
                        "end_time": "09:00",
                        "title": "Baklengs",
                        "audience": "Alle",
                        "mode": "digital",
                        "place": "",
                        "series": "",
                    }
                ]
            ),
        }
    )
    response = admin_client.post(f"/admin/pages/add/program/programpage/{index.pk}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programmet kan ikke slutte før det starter." in html
    assert "Søknadsfristen må være etter at portalen åpner." in html
    assert "Samlingen må slutte etter at den starter." in html
    assert 'value="Feil datoer"' in html  # what the editor typed is kept
    assert not ProgramPage.objects.filter(slug="feil-datoer").exists()
