"""The signed links in the mails: they name a subscription by its random key (never the
address), and cannot be made up or changed. A confirmation link expires; an unsubscribe link
works as long as the subscription exists (a mail may be read months later)."""

import uuid
from datetime import timedelta

from django.core import signing

from .models import CONFIRMATION_DAYS

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def _dumps(subscription, salt):
    return signing.dumps(subscription.key.hex, salt=salt, compress=False)


def _loads(token, salt, max_age=None):
    """The key, or None when the token is forged, broken or too old."""
    try:
        return uuid.UUID(hex=signing.loads(token or "", salt=salt, max_age=max_age))
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None


def confirm_token(subscription):
    return _dumps(subscription, CONFIRM_SALT)


def confirm_key(token):
    return _loads(token, CONFIRM_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))


def unsubscribe_token(subscription):
    return _dumps(subscription, UNSUBSCRIBE_SALT)


def unsubscribe_key(token):
    return _loads(token, UNSUBSCRIBE_SALT)
