"""/healthz (the process is up) and /readyz (ready to serve: database and cache answer)."""

from unittest import mock

from django.db import OperationalError
from django.test import override_settings

import pytest

from website import views


def test_readyz_checks_the_database_and_the_cache(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("_database_answers", "database: unavailable\ncache: ok\n"),
        ("_cache_answers", "database: ok\ncache: unavailable\n"),
    ],
)
def test_readyz_says_which_part_is_down_but_not_why(client, db, caplog, broken, expected):
    failure = OperationalError("connection to server at 10.0.0.5 failed: password for ksr")
    with mock.patch.object(views, broken, side_effect=failure):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == expected
    assert "10.0.0.5" in caplog.text  # the reason is logged for the operators


def test_healthz_answers_without_the_database(client):
    # No `db` fixture: any database access here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$", r"^readyz$"])
def test_health_checks_answer_over_plain_http_while_pages_redirect_to_https(client, db):
    # The load balancer checks the servers from inside, without TLS.
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    page = client.get("/")
    assert page.status_code == 301 and page["Location"] == "https://testserver/"
