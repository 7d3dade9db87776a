"""The two admin pages of two-factor sign-in: give the code, and set up the app."""

import base64

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from wagtail.admin import messages

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import SetupForm, VerifyForm
from .two_factor import SETUP_URL_NAME, VERIFY_URL_NAME, url_with_next

DEVICE_NAME = "Autentiseringsapp"


def next_url(request):
    """Where to go afterwards: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def form_data(request):
    return request.POST if request.method == "POST" else None


@sensitive_post_parameters("token")
def verify(request):
    user = request.user
    after = next_url(request)
    if not user_has_device(user):
        return redirect(url_with_next(SETUP_URL_NAME, after))
    if user.is_verified():
        return redirect(after)

    form = VerifyForm(user, data=form_data(request))
    if form.is_valid():
        otp_login(request, form.device)
        return redirect(after)
    return TemplateResponse(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": after, "issuer": settings.OTP_TOTP_ISSUER},
    )


@sensitive_post_parameters("token")
def setup(request):
    user = request.user
    after = next_url(request)
    has_device = user_has_device(user)
    # A device is only replaced by someone who has just given a code from it; a lost phone
    # is an administrator's job (manage.py reset_two_factor).
    if has_device and not user.is_verified():
        return redirect(url_with_next(VERIFY_URL_NAME, after))

    # The same secret on every reload until confirmed, so a scanned code stays valid.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)

    form = SetupForm(device, data=form_data(request))
    if form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            for other in devices_for_user(user, confirmed=None):
                if other.persistent_id != device.persistent_id:
                    other.delete()
        otp_login(request, device)
        messages.success(
            request,
            _(
                "Tofaktorinnlogging er satt opp. Fra nå av skriver du inn en kode fra "
                "autentiseringsappen hver gang du logger inn."
            ),
        )
        return redirect(after)

    return TemplateResponse(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "next": after,
            "qr_code": qr_code_svg(device.config_url),
            "secret": grouped_secret(device),
            "account_name": user.get_username(),
            "issuer": settings.OTP_TOTP_ISSUER,
            "replacing": has_device,
        },
    )


def qr_code_svg(url):
    """The otpauth:// link as an inline SVG QR code, black on white whatever the admin
    theme, since dark-on-dark codes do not scan."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.get_image()
    # Big enough to scan from a screen; the text alternative is the visible secret below.
    svg.set("width", "200")
    svg.set("height", "200")
    svg.set("class", "two-factor-qr")
    svg.set("role", "img")
    svg.set("aria-label", str(_("QR-kode for å legge til kontoen i autentiseringsappen")))
    return mark_safe(image.to_string(encoding="unicode"))  # built here, nothing from users


def grouped_secret(device):
    """The secret in base32, in groups of four for typing into the app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
