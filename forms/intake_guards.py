"""What a posted application form must pass before anything is stored: a signed token from
when the form was shown, the application window, and the spam checks (a hidden field, a
minimum time, a rate limit per network). Nothing here reads or writes the database's models,
so the form page and the block that shows a form elsewhere can use it too."""

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from program import window_texts
from website.client_ip import client_network

TOKEN_FIELD = "skjema_token"
HONEYPOT_FIELD = "nettsted"
TOKEN_SALT = "forms.application-form"


def min_seconds():
    return getattr(settings, "APPLICATION_MIN_SECONDS", 3)


def form_max_age():
    """Seconds a shown form may be sent in: a long sitting, not a token kept for ever."""
    return getattr(settings, "APPLICATION_FORM_MAX_AGE_HOURS", 12) * 3600


def rate_limit():
    """(submissions, seconds) allowed per IP address (per /64 for IPv6)."""
    return getattr(settings, "APPLICATION_RATE_LIMIT", (30, 600))


@dataclass(frozen=True)
class FormToken:
    """Signed into the form when it is shown: when, and a code naming this one filling-in."""

    nonce: uuid.UUID
    issued: float

    def dumps(self):
        return signing.dumps({"n": self.nonce.hex, "t": self.issued}, salt=TOKEN_SALT)

    @classmethod
    def new(cls):
        return cls(uuid.uuid4(), time.time())

    @classmethod
    def loads(cls, value):
        """The token, or None when it is missing, forged or older than form_max_age()."""
        try:
            data = signing.loads(value or "", salt=TOKEN_SALT, max_age=form_max_age())
            return cls(uuid.UUID(hex=data["n"]), float(data["t"]))
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            return None

    @staticmethod
    def expired(value):
        """Whether `value` is a genuine token, only too old."""
        try:
            signing.loads(value or "", salt=TOKEN_SALT, max_age=form_max_age())
        except signing.SignatureExpired:
            return True
        except (signing.BadSignature, ValueError, TypeError):
            pass
        return False


def contact_sentence(page):
    return page.contact_text or _("Ta kontakt med Kulturskolerådet hvis du har spørsmål.")


def window_notice(page, status):
    """Why the form cannot be sent now, in the applicant's language, or None when it can."""
    return window_texts.refusal(status, contact_sentence(page))


def spam_notice(request, token):
    """Honeypot, minimum time and rate limit; each with a message for a real person.

    Returns (message, HTTP status) or None.
    """
    if request.POST.get(HONEYPOT_FIELD):
        return _(
            "Søknaden ble ikke sendt fordi et skjult felt var fylt ut. Hvis du brukte "
            "autofyll, tøm feltet «Nettsted» og send på nytt."
        ), 400
    if time.time() - token.issued < min_seconds():
        return _(
            "Skjemaet ble sendt svært kort tid etter at det ble åpnet. Se over svarene og "
            "send på nytt."
        ), 400
    limit, period = rate_limit()
    key = f"application-rate:{client_network(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    if count > limit:
        return _(
            "Det er sendt mange søknader fra din nettverksadresse på kort tid. Vent noen "
            "minutter og send på nytt."
        ), 429
    return None
