"""Two-factor sign-in for the admin: with STAFF_TWO_FACTOR_REQUIRED on, staff give a code from
an authenticator app after their password, and set the app up at their first sign-in."""

import base64
import datetime
import io
import re
from urllib.parse import quote

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

VERIFY = "/admin/tofaktor/"
SETUP = "/admin/tofaktor/oppsett/"
WRONG_CODE_MESSAGE = (
    "Koden stemmer ikke. Skriv inn den sekssifrede koden som vises i autentiseringsappen nå."
)

required = override_settings(STAFF_TWO_FACTOR_REQUIRED=True)


@pytest.fixture
def editor(django_user_model):
    """A member of staff with admin access, not a superuser."""
    user = django_user_model.objects.create_user("redaktor", password="passord-for-test")
    user.groups.add(Group.objects.get(name="Redaktører"))
    return user


@pytest.fixture
def signed_in(client, editor):
    """The editor after the password step alone (as the admin's sign-in form leaves them)."""
    client.force_login(editor)
    return client


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Autentiseringsapp", confirmed=True)


def code(device, seconds_later=0):
    """What the authenticator app shows now (or that many seconds later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += seconds_later
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    """A code the device does not accept now, not even as the neighbouring time step's."""
    valid = {code(device, seconds) for seconds in (-60, -30, 0, 30, 60)}
    return next(candidate for candidate in ("000000", "111111", "222222") if candidate not in valid)


def verified(client, device):
    response = client.post(VERIFY, {"token": code(device)})
    assert response.status_code == 302
    return client


def error_by_field(response):
    """The error text in the field's error box, which the field points to."""
    html = response.content.decode()
    field = re.search(r'<input[^>]*name="token"[^>]*>', html).group()
    assert 'aria-invalid="true"' in field
    assert "id_token-errors" in re.search(r'aria-describedby="([^"]*)"', field).group(1)
    box = re.search(r'id="id_token-errors">(.*?)</div>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


# Setting off


@pytest.mark.parametrize("has_device", [False, True])
def test_without_the_setting_the_password_is_enough(signed_in, editor, has_device):
    if has_device:
        TOTPDevice.objects.create(user=editor, name="Autentiseringsapp", confirmed=True)
    assert signed_in.get("/admin/").status_code == 200
    assert signed_in.get("/admin/pages/").status_code == 200


# Setting on, no authenticator app yet


@required
def test_first_sign_in_sets_up_the_app_and_then_opens_the_admin(signed_in, editor):
    response = signed_in.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={quote('/admin/pages/', safe='')}"

    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sett opp tofaktorinnlogging" in html
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed and device.name == "Autentiseringsapp"
    # The QR code, inline, with a text alternative: the secret, grouped for typing.
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-label="QR-kode', html)
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(re.findall(".{4}", secret)) in html
    assert "Kan du ikke skanne koden?" in html
    assert "Microsoft Authenticator" in html
    assert 'value="/admin/pages/"' in html  # where to go afterwards
    assert "Sider" not in html  # the admin menu is not shown yet

    # Reloading keeps the same secret, so an app that has scanned it keeps working.
    signed_in.get(SETUP)
    assert TOTPDevice.objects.get(user=editor).key == device.key

    done = signed_in.post(SETUP, {"token": code(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    pages = signed_in.get("/admin/pages/")
    assert pages.status_code == 200
    assert "Tofaktorinnlogging er satt opp" in pages.content.decode()


@required
def test_a_wrong_code_at_set_up_is_explained_by_the_field(signed_in, editor):
    signed_in.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    response = signed_in.post(SETUP, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert error_by_field(response) == WRONG_CODE_MESSAGE
    assert 'value="' + wrong_code(device) not in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert signed_in.get("/admin/pages/")["Location"].startswith(SETUP)


@required
def test_set_up_without_a_code_asks_for_one(signed_in):
    signed_in.get(SETUP)
    response = signed_in.post(SETUP, {"token": ""})
    assert error_by_field(response) == "Skriv inn engangskoden fra autentiseringsappen."


# Setting on, app set up


@required
def test_sign_in_asks_for_the_code_and_then_goes_where_asked(signed_in, device):
    response = signed_in.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={quote('/admin/pages/', safe='')}"

    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Skriv inn engangskoden" in html
    field = re.search(r'<input[^>]*name="token"[^>]*>', html).group()
    assert 'autocomplete="one-time-code"' in field and 'inputmode="numeric"' in field
    assert re.search(r'<label[^>]*for="id_token"[^>]*>\s*Engangskode', html)
    assert 'action="/admin/logout/"' in html  # a way out for someone without their phone
    assert "Sider" not in html

    done = signed_in.post(VERIFY, {"token": code(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    assert signed_in.get("/admin/pages/").status_code == 200
    assert signed_in.get("/admin/").status_code == 200


@required
def test_a_code_typed_with_a_space_is_accepted(signed_in, device):
    token = code(device)
    response = signed_in.post(VERIFY, {"token": f"{token[:3]} {token[3:]}"})
    assert response.status_code == 302
    assert signed_in.get("/admin/").status_code == 200


@required
def test_a_wrong_code_keeps_the_admin_closed(signed_in, device):
    response = signed_in.post(VERIFY, {"token": wrong_code(device), "next": "/admin/pages/"})
    assert response.status_code == 200
    assert error_by_field(response) == WRONG_CODE_MESSAGE
    assert 'value="' + wrong_code(device) not in response.content.decode()
    assert signed_in.get("/admin/pages/")["Location"].startswith(VERIFY)


@required
def test_guessing_is_slowed_down(signed_in, device, clock):
    now = timezone.now()
    clock(now)
    signed_in.post(VERIFY, {"token": wrong_code(device)})
    # Straight after a wrong code even the right one is refused, and the page says why.
    response = signed_in.post(VERIFY, {"token": code(device)})
    assert "for mange ganger" in error_by_field(response)
    assert signed_in.get("/admin/")["Location"].startswith(VERIFY)

    clock(now + datetime.timedelta(seconds=2))
    assert signed_in.post(VERIFY, {"token": code(device)}).status_code == 302
    assert signed_in.get("/admin/").status_code == 200


@required
def test_an_unsafe_next_goes_to_the_admin_home_instead(signed_in, device):
    response = signed_in.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "evil.example" not in signed_in.get(f"{VERIFY}?next=https://evil.example/")["Location"]


@required
def test_the_app_cannot_be_replaced_without_a_code_from_it(signed_in, editor, device):
    response = signed_in.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = signed_in.post(SETUP, {"token": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=editor)) == [device]


@required
def test_a_signed_in_user_replaces_the_app(signed_in, editor, device):
    verified(signed_in, device)
    page = signed_in.get(SETUP)
    assert page.status_code == 200 and "Bytt autentiseringsapp" in page.content.decode()
    new = TOTPDevice.objects.get(user=editor, confirmed=False)

    response = signed_in.post(SETUP, {"token": code(new)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert list(TOTPDevice.objects.filter(user=editor)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    assert signed_in.get("/admin/pages/").status_code == 200


@required
def test_the_two_factor_pages_and_what_they_load_need_no_code(signed_in, device):
    assert signed_in.get(VERIFY).status_code == 200
    assert signed_in.get("/admin/jsi18n/").status_code == 200
    assert signed_in.get("/admin/sprite/").status_code == 200
    assert signed_in.get("/admin/login/")["Location"].startswith("/admin/")
    signed_out = signed_in.post("/admin/logout/")
    assert signed_out.status_code == 302
    assert signed_in.get("/admin/")["Location"].startswith("/admin/login/")


@required
def test_an_unknown_admin_path_redirects_without_crashing(signed_in, device):
    response = signed_in.get("/admin/finnes-ikke/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


@required
def test_public_pages_are_not_affected(signed_in, device, home_page):
    assert signed_in.get(home_page.url).status_code == 200


@required
def test_users_without_admin_access_are_not_asked_for_a_code(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("besokende", password="x"))
    response = client.get("/admin/")
    assert "tofaktor" not in response.get("Location", "")


@required
def test_the_account_page_offers_two_factor_settings(signed_in, device):
    verified(signed_in, device)
    html = signed_in.get("/admin/account/").content.decode()
    assert "Tofaktorinnlogging" in html
    assert f'href="{SETUP}"' in html
    assert "Er satt opp" in html


# Lost phone: an administrator resets it


def test_reset_two_factor_removes_the_users_app(editor, device):
    TOTPDevice.objects.create(user=editor, name="Autentiseringsapp", confirmed=False)
    out = io.StringIO()
    call_command("reset_two_factor", "redaktor", stdout=out)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert "«redaktor» er nullstilt" in out.getvalue()


@required
def test_after_a_reset_the_user_sets_up_a_new_app(signed_in, device):
    verified(signed_in, device)
    call_command("reset_two_factor", "redaktor", stdout=io.StringIO())
    assert signed_in.get("/admin/pages/")["Location"].startswith(SETUP)


def test_reset_two_factor_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Fant ingen bruker med brukernavnet «ukjent»"):
        call_command("reset_two_factor", "ukjent", stdout=io.StringIO())
