"""Subscribers are kept only while they want the mail: an unconfirmed subscription goes once
its link has expired (CONFIRMATION_DAYS), an unsubscribed one at once (the view deletes it),
and the record of which announcement went to whom after DELIVERY_DAYS. Dispatches (what was
announced, when) name no one and stay. Run daily, from `manage.py apply_retention`."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .models import Delivery, Subscription

DELIVERY_DAYS = 30


@dataclass
class NewsletterRetention:
    unconfirmed: int = 0
    deliveries: int = 0

    def lines(self):
        yield (
            f"{self.unconfirmed} ubekreftede påmeldinger til nyhetsvarsel slettet, "
            f"{self.deliveries} utsendingsposter slettet."
        )


def apply_newsletter_retention(now=None, dry_run=False):
    now = now or timezone.now()
    unconfirmed = Subscription.objects.expired_unconfirmed(now)
    deliveries = Delivery.objects.filter(
        dispatch__created_at__lt=now - timedelta(days=DELIVERY_DAYS)
    )
    report = NewsletterRetention(unconfirmed.count(), deliveries.count())
    if not dry_run:
        # Deliveries first: an unconfirmed subscription has none, but be plain about it.
        deliveries.delete()
        unconfirmed.delete()
    return report
