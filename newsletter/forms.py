"""The subscribe form: an address, the topics, the consent, and the spam guards of the
application forms (forms/intake_guards.py) in small: a signed time stamp from when the form
was shown, a hidden field only robots fill in, and a limit per network."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from website.client_ip import client_network

from .models import Topic

# Bump the version whenever the text changes: each subscription records which it agreed to.
CONSENT_VERSION = "2026-12-02"
CONSENT_TEXT = _(
    "Jeg samtykker i at Kulturskolerådet lagrer e-postadressen min og sender meg e-post om "
    "det jeg har valgt, til jeg melder meg av. Hver e-post har en lenke for å melde seg av."
)

TOKEN_FIELD = "skjema_token"
HONEYPOT_FIELD = "nettsted"
TOKEN_SALT = "newsletter.subscribe-form"


def min_seconds():
    return getattr(settings, "NEWSLETTER_MIN_SECONDS", 2)


def rate_limit():
    """(subscriptions, seconds) allowed per IP address (per /64 for IPv6)."""
    return getattr(settings, "NEWSLETTER_RATE_LIMIT", (10, 600))


def new_form_token():
    return signing.dumps(time.time(), salt=TOKEN_SALT)


def shown_at(token):
    """When the form was shown, or None for a missing, forged or day-old token."""
    try:
        return float(signing.loads(token or "", salt=TOKEN_SALT, max_age=24 * 3600))
    except (signing.BadSignature, ValueError, TypeError):
        return None


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadresse"),
        max_length=254,
        error_messages={
            "required": _("Skriv e-postadressen din."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
            "max_length": _("E-postadressen kan ha høyst 254 tegn."),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("Hva vil du ha varsel om?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst én ting du vil ha varsel om."),
            "invalid_choice": _("Velg blant valgene i listen."),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Du må samtykke for å melde deg på.")},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self):
        # One subscription per address whatever its letter case.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if self.request is not None and not self.errors:
            self._guard_against_spam()
        return cleaned

    def _guard_against_spam(self):
        data = self.request.POST
        if data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                gettext(
                    "Påmeldingen ble ikke sendt fordi et skjult felt var fylt ut. Hvis du "
                    "brukte autofyll, tøm feltet «Nettsted» og send på nytt."
                ),
                code="honeypot",
            )
        issued = shown_at(data.get(TOKEN_FIELD))
        if issued is None:
            raise forms.ValidationError(
                gettext("Skjemaet var for gammelt. Send det på nytt."), code="token"
            )
        if time.time() - issued < min_seconds():
            raise forms.ValidationError(
                gettext("Skjemaet ble sendt svært kort tid etter at det ble åpnet. Send på nytt."),
                code="too_fast",
            )
        limit, period = rate_limit()
        key = f"newsletter-rate:{client_network(self.request)}"
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
        if count > limit:
            raise forms.ValidationError(
                gettext(
                    "Det er sendt mange påmeldinger fra din nettverksadresse på kort tid. Vent "
                    "noen minutter og send på nytt."
                ),
                code="rate_limit",
            )
