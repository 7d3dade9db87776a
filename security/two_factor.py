"""Two-factor sign-in for everyone who may use the Wagtail admin: after the password, a
six-digit code from an authenticator app (TOTP, django-otp). Required when
settings.STAFF_TWO_FACTOR_REQUIRED is on; the views are in security/views.py.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from django_otp import user_has_device

from .middleware import is_admin_path

VERIFY_URL_NAME = "security_two_factor_verify"
SETUP_URL_NAME = "security_two_factor_setup"

# Reachable before the second code: signing in and out, the two-factor pages themselves,
# and what those pages load from the admin (its scripts' translations, the icons).
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        VERIFY_URL_NAME,
        SETUP_URL_NAME,
    }
)


def url_with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def needs_second_factor(user):
    # is_verified() first: it is already known (OTPMiddleware), the permission may need a query.
    return (
        user.is_authenticated
        and not user.is_verified()
        and user.has_perm("wagtailadmin.access_admin")
    )


def is_open(request):
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False  # Wagtail's admin answers unknown paths itself; nothing to let through
    return match.url_name in OPEN_URL_NAMES


class StaffTwoFactorMiddleware:
    """Sends staff who have only given their password to the code page (or, without an
    authenticator app yet, to its set-up) before any other admin page. Needs django-otp's
    OTPMiddleware before it, for `user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The setting is read per request so it can be switched in tests.
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and is_admin_path(request.path_info)
            and needs_second_factor(request.user)
            and not is_open(request)
        ):
            url_name = VERIFY_URL_NAME if user_has_device(request.user) else SETUP_URL_NAME
            return HttpResponseRedirect(url_with_next(url_name, request.get_full_path()))
        return self.get_response(request)
