"""SITE_URL puts the public address on the default Wagtail site (receipts, canonical links
and the sitemap are built from it), and `check --deploy` refuses a site left at localhost."""

import io
from unittest import mock

from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import override_settings

from wagtail.models import Site

import pytest

pytestmark = pytest.mark.django_db


def set_site_url(*args):
    out = io.StringIO()
    call_command("set_site_url", *args, stdout=out)
    return out.getvalue()


def default_site():
    return Site.objects.get(is_default_site=True)


def site_checks():
    """The project's deploy checks, as `check --deploy` runs them."""
    return [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("website.")]


@pytest.fixture(autouse=True)
def one_worker(monkeypatch):
    # The tests' local-memory cache is fine for one process; keep the cache check quiet.
    monkeypatch.setenv("WEB_CONCURRENCY", "1")


@pytest.mark.parametrize(
    ("url", "hostname", "port", "root_url"),
    [
        ("https://kulturskoleradet.no", "kulturskoleradet.no", 443, "https://kulturskoleradet.no"),
        ("http://kulturskoleradet.no/", "kulturskoleradet.no", 80, "http://kulturskoleradet.no"),
        (
            "https://test.kulturskoleradet.no:8443",
            "test.kulturskoleradet.no",
            8443,
            "http://test.kulturskoleradet.no:8443",
        ),  # Wagtail's root_url: see the report
    ],
)
def test_site_url_sets_the_default_sites_host_name_and_port(
    home_page, url, hostname, port, root_url
):
    with override_settings(SITE_URL=url):
        output = set_site_url()
    site = default_site()
    assert (site.hostname, site.port) == (hostname, port)
    assert site.root_page_id == home_page.pk
    assert f"{hostname}:{port}" in output
    assert site.root_url == root_url


def test_links_built_from_the_site_use_the_public_address(client, home_page):
    set_site_url("https://kulturskoleradet.no")
    home_page.refresh_from_db()
    assert home_page.get_full_url() == "https://kulturskoleradet.no/"
    assert "<loc>https://kulturskoleradet.no/</loc>" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "SITE_URL er ikke satt"),
        ("kulturskoleradet.no", "må være en full adresse med https://"),
        ("ftp://kulturskoleradet.no", "må være en full adresse med https://"),
        ("https://kulturskoleradet.no/soknad/", "kan bare ha vertsnavn og port"),
        ("https://kulturskoleradet.no:99999", "er ikke en gyldig adresse"),
    ],
)
def test_set_site_url_refuses_an_unusable_address_in_norwegian(home_page, url, message):
    with override_settings(SITE_URL=url), pytest.raises(CommandError, match=message):
        set_site_url()
    assert default_site().hostname == "localhost"


def test_check_deploy_fails_while_the_default_site_is_localhost(home_page):
    assert default_site().hostname == "localhost"
    [error] = site_checks()
    assert error.id == "website.E003" and error.is_serious()
    assert "Standardnettstedet har fortsatt adressen localhost:80" in error.msg
    assert "SITE_URL" in error.hint

    for local in ("127.0.0.1", "::1"):
        Site.objects.filter(pk=default_site().pk).update(hostname=local)
        assert [m.id for m in site_checks()] == ["website.E003"]

    set_site_url("https://kulturskoleradet.no")
    assert site_checks() == []


def test_check_deploy_warns_when_the_site_differs_from_site_url(home_page):
    set_site_url("https://kulturskoleradet.no")
    with override_settings(SITE_URL="https://www.kulturskoleradet.no"):
        [warning] = site_checks()
    assert warning.id == "website.W004" and "set_site_url" in warning.hint


@override_settings(SITE_URL="https://kulturskoleradet.no")
def test_the_site_check_does_not_crash_without_a_database(home_page):
    with mock.patch.object(
        Site.objects, "filter", side_effect=OperationalError("could not connect to server")
    ):
        assert site_checks() == []


def test_check_deploy_refuses_several_workers_with_a_process_local_cache(home_page, monkeypatch):
    set_site_url("https://kulturskoleradet.no")
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    [error] = site_checks()
    assert error.id == "website.E001"
    assert error.msg.startswith("CACHE_URL er ikke satt, og gunicorn starter 4 arbeidsprosesser")
    monkeypatch.delenv("WEB_CONCURRENCY")  # gunicorn.conf.py's default: 2 × cores + 1
    assert [m.id for m in site_checks()] == ["website.E001"]
