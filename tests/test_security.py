"""Security headers on public and admin responses, sign-in throttling and client addresses."""

import io

from django.core.management import call_command
from django.test import RequestFactory, override_settings

import pytest

from website.client_ip import client_ip


def csp_of(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    policy = csp_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktor", "redaktor@kulturskoleradet.no", "riktig-passord-123"
    )


def test_public_pages_forbid_inline_scripts_and_framing(client, home_page):
    for attempt in ("rendered", "from the page cache"):
        response = client.get("/")
        assert response.status_code == 200, attempt
        assert_common_headers(response)
        policy = csp_of(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"


def test_error_pages_carry_the_headers_too(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert_common_headers(response)
    assert csp_of(response)["script-src"] == ["'self'"]


def test_admin_pages_have_their_own_policy(client, staff):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert_common_headers(login)
    assert login["X-Frame-Options"] == "DENY"

    client.force_login(staff)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert_common_headers(dashboard)
    policy = csp_of(dashboard)
    # The admin may frame its own previews, but no other site may frame the admin.
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["frame-src"] == ["'self'"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_over_https_hsts_and_cookies_are_strict(client, home_page, staff):
    page = client.get("/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    signed_in = client.post(
        "/admin/login/",
        {"username": "redaktor", "password": "riktig-passord-123"},
        secure=True,
        REMOTE_ADDR="192.0.2.10",
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert signed_in.cookies["csrftoken"]["secure"]


# Sign-in throttling (django-axes)


def sign_in(client, password, address="192.0.2.20", username="redaktor"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@override_settings(AXES_FAILURE_LIMIT=5)
def test_repeated_failed_sign_ins_lock_the_account_out(client, staff):
    for _ in range(4):
        failed = sign_in(client, "gjetning")
        assert failed.status_code == 200  # the sign-in form again, with its error
    # The fifth failure reaches the limit: from now on, even the right password is refused.
    assert sign_in(client, "gjetning").status_code == 429
    locked = sign_in(client, "riktig-passord-123")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Innloggingen er midlertidig sperret" in text
    assert "Prøv igjen om 15 minutter" in text
    assert "_auth_user_id" not in client.session

    # Guessing from another address does not get round it: the user name is locked too.
    assert sign_in(client, "riktig-passord-123", address="198.51.100.7").status_code == 429

    # An administrator lets the person in early.
    call_command("axes_reset", stdout=io.StringIO())
    assert sign_in(client, "riktig-passord-123").status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_one_address_guessing_many_user_names_is_locked_out(client, staff, django_user_model):
    for name in ("anna", "bjorn", "cecilie"):
        sign_in(client, "gjetning", username=name, address="203.0.113.5")
    assert sign_in(client, "riktig-passord-123", address="203.0.113.5").status_code == 429
    # Someone else, elsewhere, still signs in.
    assert sign_in(client, "riktig-passord-123", address="192.0.2.99").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_clears_earlier_failures(client, staff):
    sign_in(client, "gjetning")
    sign_in(client, "gjetning")
    assert sign_in(client, "riktig-passord-123").status_code == 302
    client.logout()
    sign_in(client, "gjetning")
    sign_in(client, "gjetning")
    assert sign_in(client, "riktig-passord-123").status_code == 302


# Client addresses behind proxies


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert client_ip(request_from("192.0.2.1", "10.9.9.9")) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims():
    # The client sent "10.9.9.9" itself; the proxy appended the address it really saw.
    assert client_ip(request_from("10.0.0.2", "10.9.9.9, 198.51.100.23")) == "198.51.100.23"
    assert client_ip(request_from("10.0.0.2", "198.51.100.23")) == "198.51.100.23"
    # A request that did not come through the proxy has no usable header.
    assert client_ip(request_from("192.0.2.1")) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_what_is_not_an_address_is_not_used_as_one():
    assert client_ip(request_from("10.0.0.2", "10.9.9.9, unknown")) == "10.0.0.2"
    assert client_ip(request_from("", "")) is None
    assert client_ip(RequestFactory().generic("GET", "/", REMOTE_ADDR="unix-socket")) is None


def test_signing_in_without_a_known_address_works(client, staff, db):
    # A sign-in made outside a web request (force_login, a Unix socket) has no address.
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
