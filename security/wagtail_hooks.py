from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from django_otp import user_has_device

from . import views
from .two_factor import SETUP_URL_NAME, VERIFY_URL_NAME


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("tofaktor/", views.verify, name=VERIFY_URL_NAME),
        path("tofaktor/oppsett/", views.setup, name=SETUP_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    # Only offered while two-factor sign-in is required: a device nobody is asked for
    # would look like protection without being any.
    if not settings.STAFF_TWO_FACTOR_REQUIRED:
        return None
    if user_has_device(request.user):
        help_text = _(
            "Er satt opp. Bytter du telefon eller app, setter du opp den nye her; "
            "den gamle slutter da å virke."
        )
    else:
        help_text = _("Er ikke satt opp ennå.")
    return {
        "url": reverse(SETUP_URL_NAME),
        "label": _("Tofaktorinnlogging"),
        "help_text": help_text,
    }
