"""A report form is reached only by a granted application's link: it is in neither the
sitemap nor the site search, while its application form is in both."""

import pytest

from tests.factories import ApplicationFormPageFactory
from tests.search.helpers import titles as result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_report_form(form_page):
    return ApplicationFormPageFactory(
        parent=form_page,
        title="Sluttrapport Zebrafink",
        slug="rapport",
        form_kind="rapport",
        reference_prefix="RAP",
    )


def test_the_report_form_is_not_in_the_sitemap(client, form_page, hidden_report_form):
    xml = client.get("/sitemap.xml").content.decode()
    assert form_page.url in xml
    assert hidden_report_form.url not in xml


def test_the_report_form_is_not_found_by_the_site_search(client, form_page, hidden_report_form):
    form_page.title = "Søknad Zebrafink"
    form_page.save_revision().publish()
    hidden_report_form.save_revision().publish()
    titles = result_titles(client.get("/sok/", {"q": "Zebrafink"}))
    assert titles == ["Søknad Zebrafink"]
