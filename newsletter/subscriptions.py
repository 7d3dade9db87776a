"""Signing up, confirming and leaving. A visitor learns nothing about whether an address is
already subscribed: every request gets the same answer, and a confirmation mail goes to the
address (at most a few a day), whose owner alone sees it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from website import outgoing_mail

from .forms import CONSENT_TEXT, CONSENT_VERSION
from .models import Subscription, Topic

CONFIRMATION = "newsletter_confirmation"


def confirmations_per_address_per_day():
    return getattr(settings, "NEWSLETTER_CONFIRMATIONS_PER_ADDRESS_PER_DAY", 3)


def request_subscription(email, topics, language):
    """Store an unconfirmed subscription and queue its confirmation mail, unless the address
    had its confirmation mails for the day (then nothing, silently: the mail is not a way to
    flood someone's inbox from the organisation's address)."""
    since = timezone.now() - timedelta(days=1)
    recent = Subscription.objects.filter(email=email, requested_at__gte=since).count()
    if recent >= confirmations_per_address_per_day():
        return None
    subscription = Subscription.objects.create(
        email=email,
        language=language,
        news=Topic.NEWS in topics,
        calls=Topic.CALLS in topics,
        consent_version=CONSENT_VERSION,
        consent_text=str(CONSENT_TEXT),
    )
    outgoing_mail.queue(CONFIRMATION, subscription.pk)
    return subscription


def confirm(key):
    """Activate the subscription with this key; it replaces any other of the same address.
    Returns it, or None when there is none (removed, or never made)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(key=key).first()
        if subscription is None:
            return None
        if subscription.confirmed_at is None:
            if Subscription.objects.expired_unconfirmed().filter(pk=subscription.pk).exists():
                return None  # too late even if the daily retention has not run yet
            Subscription.objects.filter(email=subscription.email).exclude(
                pk=subscription.pk
            ).delete()
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        return subscription


def unsubscribe(key):
    """Remove the subscription (and what was sent to it) at once: nothing is kept."""
    deleted, _ = Subscription.objects.filter(key=key).delete()
    return bool(deleted)
