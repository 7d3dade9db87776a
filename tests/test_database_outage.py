"""The database goes away: visitors get a Norwegian 503 page and nothing else breaks.

These tests drive the error handler in-process, for views and middleware; the real outage,
with its own PostgreSQL cluster and gunicorn, is in test_database_outage_live.py.
"""

from unittest import mock

from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

import psycopg
import pytest

from tests.outage_helpers import assert_unavailable_page
from tests.text import visible_text
from website import urls as site_urls


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


def psycopg_down(request):
    raise psycopg.OperationalError("server closed the connection unexpectedly")


def failed_while_database_down(request):
    try:
        database_down(request)
    except OperationalError:
        raise RuntimeError("the template could not load its menu") from None


def programming_error(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("db-nede/", database_down),
    path("psycopg-nede/", psycopg_down),
    path("folgefeil/", failed_while_database_down),
    path("feil/", programming_error),
]
handler500 = site_urls.handler500  # the site's own registration


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/db-nede/", "/psycopg-nede/", "/folgefeil/"])
def test_a_database_error_gives_the_503_page_without_touching_the_database(
    db, visitor, url, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = visitor.get(url)
    assert_unavailable_page(response.status_code, response, response.content.decode())


@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_still_give_the_500_page(db, visitor):
    response = visitor.get("/feil/")
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in visible_text(response.content.decode())
    assert "Retry-After" not in response


def test_the_database_failing_in_middleware_gives_the_503_page(home_page, visitor):
    # A 404 makes Wagtail's redirect middleware look up redirects, after the view.
    with mock.patch(
        "wagtail.contrib.redirects.middleware.get_redirect",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = visitor.get("/finnes-ikke/")
    assert_unavailable_page(response.status_code, response, response.content.decode())


def test_the_database_failing_while_loading_the_session_gives_the_503_page(home_page, visitor):
    from django.contrib.auth.models import User

    visitor.force_login(User.objects.create_superuser("redaktor", "r@example.no", "x"))
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        response = visitor.get("/admin/")
    assert_unavailable_page(response.status_code, response, response.content.decode())
