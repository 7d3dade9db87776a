"""Wagtail's privacy check without queries while no page is private (home/routing.py), and
the same answers as Wagtail's own once one is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, get_page_models

import pytest

from home.routing import KeptViewRestrictionsMixin

pytestmark = pytest.mark.django_db


def test_every_page_type_knows_when_no_page_is_private():
    for model in get_page_models():
        if model is not Page:
            assert issubclass(model, KeptViewRestrictionsMixin), model


def test_serving_asks_nothing_about_privacy_while_no_page_is_private(client, seeded_site):
    client.get("/strategi/?warm")  # the generation's lookups (query strings skip the cache)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/strategi/?again").status_code == 200
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_pageviewrestriction" not in asked
    # Wagtail's walk up the ancestors, for aliases' sources.
    assert 'SELECT "wagtailcore_page"."id", "wagtailcore_page"."alias_of_id" FROM' not in asked


def test_once_a_page_is_private_it_and_its_children_are_refused_and_others_served(
    client, seeded_site
):
    strategy = Page.objects.get(url_path="/home/strategi/")
    child = strategy.get_children().live().first()
    client.get("/strategi/?warm")
    PageViewRestriction.objects.create(page=strategy, restriction_type=PageViewRestriction.LOGIN)
    for private in ("/strategi/?again", child.url + "?again"):
        response = client.get(private)
        assert response.status_code == 302, private
        assert response["Location"].startswith("/_util/login/"), private
    assert client.get("/program/?again").status_code == 200
