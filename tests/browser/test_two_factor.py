"""Two-factor sign-in for admin staff (security/views.py) in Chromium, checked with axe.

The `staff_user` fixture creates, in the running server's database, a superuser of this
module's own and deletes it (and its authenticator devices) afterwards. The test server
runs with STAFF_TWO_FACTOR_REQUIRED off, so nothing sends the user to the two-factor pages
after the password: the tests go there themselves. The pages work the same: without a
device /admin/tofaktor/oppsett/ sets one up, and with a confirmed device a fresh sign-in
is not verified, so /admin/tofaktor/ asks for the code.

The codes are computed here the way an authenticator app does (django_otp.oath). django-otp
takes a code once per 30-second time step, accepts the steps either side of the server's
(tolerance 1) and, after a wrong code, refuses every code for a second; the tests allow for
all three without waiting for the clock.
"""

import base64
import json
import re
import time

import pytest
from django_otp.oath import TOTP, totp
from playwright.sync_api import expect

from .test_review import log_in, run_axe, success_message

pytestmark = pytest.mark.browser

LOGIN_PATH = "/admin/login/"
VERIFY_PATH = "/admin/tofaktor/"
SETUP_PATH = "/admin/tofaktor/oppsett/"
USERNAME = "tofaktor-test"
PASSWORD = "Tofaktor-test-4417"
EMAIL = "tofaktor-test@kulturskoleradet.no"
# The secret of the device the phone test starts with (20 bytes, as django-otp makes them).
KNOWN_KEY = "3132333435363738393031323334353637383930"

STEP = 30  # seconds: django-otp's default, and what the set-up page tells the app
WRONG_CODE = "Koden stemmer ikke."
SETUP_DONE = "Tofaktorinnlogging er satt opp"
QR_NAME = "QR-kode for å legge til kontoen i autentiseringsappen"
MANUAL_HEADING = "Kan du ikke skanne koden?"

# Run in `manage.py shell` with the server's environment; TWO_FACTOR_DATA is JSON with the
# user and what to do. Prints «DONE» when done.
SCRIPT = """
import json, os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

data = json.loads(os.environ["TWO_FACTOR_DATA"])
User = get_user_model()
TOTPDevice.objects.filter(user__username=data["username"]).delete()
if data["action"] == "create":
    User.objects.filter(username=data["username"]).delete()
    User.objects.create_superuser(data["username"], email=data["email"], password=data["password"])
elif data["action"] == "delete":
    User.objects.filter(username=data["username"]).delete()
elif data["action"] == "device":
    TOTPDevice.objects.create(
        user=User.objects.get(username=data["username"]),
        name="Autentiseringsapp",
        key=data["key"],
        confirmed=True,
    )
print("DONE")
"""


def run_script(manage, action, **extra):
    data = json.dumps(
        {"username": USERNAME, "password": PASSWORD, "email": EMAIL, "action": action, **extra}
    )
    output = manage("shell", "-c", SCRIPT, extra_env={"TWO_FACTOR_DATA": data})
    assert "DONE" in output, f"The {action!r} script did not finish:\n{output}"


@pytest.fixture(scope="module")
def staff_user(manage):
    """A superuser without an authenticator device; removed, devices and all, afterwards."""
    run_script(manage, "create")
    yield
    run_script(manage, "delete")


@pytest.fixture
def without_device(manage, staff_user):
    """The staff user, with no authenticator device (whatever an earlier test left)."""
    run_script(manage, "device_reset")


@pytest.fixture
def known_device(manage, staff_user):
    """The staff user with one confirmed device, never used, whose secret is KNOWN_KEY."""
    run_script(manage, "device", key=KNOWN_KEY)
    return bytes.fromhex(KNOWN_KEY)


# Helpers


def log_out(page):
    """With the admin menu's account menu, as a user would."""
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.locator(".sidebar-footer__account-toggle").click()
    sidebar.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"**{LOGIN_PATH}**")


def code_at(key, when):
    """The time step at Unix time `when` and the six-digit code for it, as the app shows it."""
    otp = TOTP(key, step=STEP)
    otp.time = when
    return otp.t(), f"{otp.token():06d}"


def unused_code(key, last_step):
    """A code django-otp takes after one for `last_step` was used: the current one if the
    clock has moved on since, else the next step's (within its tolerance of one step)."""
    now = time.time()
    step, code = code_at(key, now)
    if step > last_step:
        return code
    return code_at(key, (last_step + 1) * STEP)[1]


def code_field(page):
    return page.get_by_label("Engangskode")


def tab_to(page, locator, most=20):
    """Press Tab until `locator` has the focus (from the top of the page)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if locator.evaluate("(element) => element === document.activeElement"):
            return
    pytest.fail(f"{most} presses of Tab never reached {locator}", pytrace=False)


def check_code_field(field):
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    expect(field).to_have_attribute("inputmode", "numeric")
    expect(field).to_have_attribute("type", "text")  # not a number field: leading zeros
    # The help text is read out with the field.
    expect(field).to_have_accessible_description(re.compile(r"Seks sifre fra autentiseringsappen"))


def check_no_sideways_scrolling(page, what):
    """Reflow (WCAG 1.4.10), which axe does not check."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{what} scrolls sideways on a phone: {widths}"


# Tests


def test_staff_user_sets_up_the_app_and_signs_in_with_a_code(page, without_device):
    log_in(page, USERNAME, PASSWORD)

    # Set-up: a QR code with a text alternative, and the secret for typing in by hand.
    response = page.goto(SETUP_PATH)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp tofaktorinnlogging")
    qr_code = page.locator("svg.two-factor-qr")
    expect(qr_code).to_be_visible()
    expect(qr_code).to_have_attribute("role", "img")
    expect(qr_code).to_have_accessible_name(QR_NAME)
    expect(page.get_by_role("img", name=QR_NAME)).to_have_count(1)
    manual = page.get_by_role("region", name=MANUAL_HEADING)
    expect(manual.get_by_role("heading", name=MANUAL_HEADING)).to_be_visible()
    secret_element = manual.locator(".two-factor-secret")
    expect(secret_element).to_be_visible()
    secret = secret_element.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", secret), f"Not a grouped secret: {secret}"
    expect(manual).to_contain_text(f"Kulturskolerådet: {USERNAME}")
    field = code_field(page)
    check_code_field(field)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    run_axe(page, "the set-up page")

    key_base32 = secret.replace(" ", "")
    key = base64.b32decode(key_base32 + "=" * (-len(key_base32) % 8))
    # The page's secret is the one in the QR code's otpauth:// link, as apps read it:
    # the same code as django-otp's own totp() (give or take a step boundary).
    assert f"{totp(key):06d}" in {code_at(key, time.time() + d)[1] for d in (-STEP, 0)}

    # A wrong code, with the keyboard only: the error is shown and read out with the field.
    setup_step, right_code = code_at(key, time.time())
    wrong_code = next(
        code
        for code in ("000000", "111111", "222222")
        if code not in {code_at(key, (setup_step + d) * STEP)[1] for d in (-1, 0, 1, 2)}
    )
    tab_to(page, field)
    page.keyboard.type(wrong_code)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    failed_at = time.monotonic()
    expect(page).to_have_url(re.compile(re.escape(SETUP_PATH)))
    field = code_field(page)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("")  # a wrong code is not echoed back
    errors = page.locator("#id_token-errors")
    expect(errors).to_contain_text(WRONG_CODE)
    described_by = (field.get_attribute("aria-describedby") or "").split()
    assert "id_token-errors" in described_by, f"aria-describedby: {described_by}"
    expect(field).to_have_accessible_description(re.compile(re.escape(WRONG_CODE)))
    # Next to the field: in the same field wrapper as the input.
    wrapper = page.locator(".w-field", has=page.locator("#id_token"))
    expect(wrapper.locator("#id_token-errors")).to_have_count(1)
    # Still the same secret: a scanned code stays valid after a typo.
    expect(page.locator(".two-factor-secret")).to_have_text(secret)
    run_axe(page, "the set-up page with a wrong code")

    # The right code. django-otp refuses any code for a second after a wrong one.
    time.sleep(max(0.0, 1.2 - (time.monotonic() - failed_at)))
    if code_at(key, time.time())[0] > setup_step + 1:  # only after a long stall
        setup_step, right_code = code_at(key, time.time())
    field.focus()
    page.keyboard.type(right_code)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/tofaktor/" not in url)
    assert page.url.endswith("/admin/"), page.url
    expect(success_message(page)).to_contain_text(SETUP_DONE)

    # Out, and in again: the password alone is not a verified sign-in; the code page asks.
    log_out(page)
    log_in(page, USERNAME, PASSWORD)
    response = page.goto(VERIFY_PATH)
    assert response is not None and response.status == 200
    assert page.url.endswith(VERIFY_PATH), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv inn engangskoden")
    field = code_field(page)
    check_code_field(field)
    expect(field).to_be_focused()  # autofocus: the code is all this page asks for
    run_axe(page, "the code page")

    # The set-up used this time step's code; django-otp takes each step once only.
    page.keyboard.type(unused_code(key, setup_step))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/tofaktor/" not in url)
    assert page.url.endswith("/admin/"), page.url
    # Verified now: the code page sends the user on instead of asking again.
    page.goto(VERIFY_PATH)
    assert page.url.endswith("/admin/"), page.url


def test_code_page_on_a_phone(mobile_page, known_device):
    page = mobile_page
    log_in(page, USERNAME, PASSWORD)
    response = page.goto(VERIFY_PATH)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv inn engangskoden")
    field = code_field(page)
    check_code_field(field)
    run_axe(page, "the code page on a phone")
    check_no_sideways_scrolling(page, "the code page")

    # The device has never been used, so this step's code is good.
    field.tap()
    page.keyboard.type(code_at(known_device, time.time())[1])
    page.get_by_role("button", name="Logg inn").tap()
    page.wait_for_url(lambda url: "/tofaktor/" not in url)
    assert page.url.endswith("/admin/"), page.url
