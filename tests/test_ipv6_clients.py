"""IPv6 clients are counted per /64, IPv4 clients per address: the application rate limit
and the sign-in lockout. One IPv6 subscriber has a whole /64 to pick addresses from."""

from django.test import RequestFactory, override_settings

import pytest
from axes.models import AccessAttempt

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers
from website.client_ip import client_network

# Addresses from the documentation ranges: the first two share a /64, the third does not.
SAME_64 = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"]
OTHER_64 = "2001:db8:1:3::1"


def network_of(address):
    return client_network(RequestFactory().get("/", REMOTE_ADDR=address))


def test_client_network_is_the_ipv6_64_and_the_ipv4_address():
    assert {network_of(address) for address in SAME_64} == {"2001:db8:1:2::"}
    assert network_of(OTHER_64) == "2001:db8:1:3::"
    assert network_of("192.0.2.1") == "192.0.2.1"
    assert network_of("192.0.2.2") == "192.0.2.2"
    # An IPv4 client seen through a dual-stack socket is still counted as IPv4.
    assert network_of("::ffff:192.0.2.1") == "192.0.2.1"
    assert network_of("unix-socket") is None


@override_settings(APPLICATION_RATE_LIMIT=(2, 600))
def test_application_rate_limit_counts_an_ipv6_64_as_one_client(client, home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    _program, page, keys = build_form(home_page)
    municipalities = iter(["0301", "4601", "1103", "5001", "3301"])

    def send(address):
        answers = valid_answers(keys, municipality=next(municipalities))
        return post_application(client, page, answers, REMOTE_ADDR=address)

    # Two addresses of one /64 share its limit, however many addresses the subscriber uses.
    assert send(SAME_64[0]).status_code == 302
    assert send(SAME_64[1]).status_code == 302
    assert send("2001:db8:1:2::abcd").status_code == 429
    # Another /64 and another IPv4 address have counts of their own.
    assert send(OTHER_64).status_code == 302
    assert send("192.0.2.1").status_code == 302
    assert ApplicationSubmission.objects.count() == 4


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktor", "redaktor@kulturskoleradet.no", "riktig-passord-123"
    )


def sign_in(client, address, username, password="gjetning"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_lockout_counts_an_ipv6_64_as_one_client(client, staff):
    # Guessing many user names, each from a fresh address of the same /64.
    for number, name in enumerate(["anna", "bjorn", "cecilie"], start=1):
        sign_in(client, f"2001:db8:1:2::{number}", name)
    locked = sign_in(client, "2001:db8:1:2::99", "redaktor", "riktig-passord-123")
    assert locked.status_code == 429
    # The stored address is a real IP address: the /64's first one.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8:1:2::"}

    # The neighbouring /64 and an IPv4 client are not locked out.
    assert sign_in(client, OTHER_64, "redaktor", "riktig-passord-123").status_code == 302
    client.logout()
    assert sign_in(client, "192.0.2.7", "redaktor", "riktig-passord-123").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_lockout_still_counts_ipv4_per_address(client, staff):
    for name in ["anna", "bjorn", "cecilie"]:
        sign_in(client, "192.0.2.1", name)
    assert sign_in(client, "192.0.2.1", "redaktor", "riktig-passord-123").status_code == 429
    assert sign_in(client, "192.0.2.2", "redaktor", "riktig-passord-123").status_code == 302
