"""The newsletter's two kinds of outgoing mail (website/outgoing_mail.py sends, marks and
retries them): the confirmation of a new subscription, and one announcement to one
subscriber. Each goes to one address only, and carries a one-click unsubscribe link in its
body and in the List-Unsubscribe headers (RFC 2369, RFC 8058)."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Site

from website import outgoing_mail

from .models import CONFIRMATION_DAYS, Delivery, Subscription
from .subscriptions import CONFIRMATION
from .tokens import confirm_token, unsubscribe_token

DELIVERY = "newsletter_delivery"


def _root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(name, token, language):
    with translation.override(language):
        return _root_url() + reverse(name, args=[token])


def unsubscribe_url(subscription):
    return absolute_url(
        "newsletter_unsubscribe", unsubscribe_token(subscription), subscription.language
    )


def _message(subscription, template, context):
    unsubscribe = unsubscribe_url(subscription)
    context = {**context, "subscription": subscription, "unsubscribe_url": unsubscribe}
    with translation.override(subscription.language):
        subject = render_to_string(f"newsletter/emails/{template}_subject.txt", context)
        body = render_to_string(f"newsletter/emails/{template}.txt", context)
    return EmailMessage(
        " ".join(subject.split()),
        body,
        None,  # DEFAULT_FROM_EMAIL
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation_message(subscription):
    confirm = absolute_url("newsletter_confirm", confirm_token(subscription), subscription.language)
    return _message(subscription, "confirmation", {"confirm_url": confirm})


def delivery_message(delivery):
    return _message(delivery.subscription, "announcement", {"dispatch": delivery.dispatch})


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=CONFIRMATION,
        # Not after the link has expired: a mail server down for a week sends nothing stale.
        pending=lambda: Subscription.objects.unconfirmed().filter(
            confirmation_sent_at__isnull=True,
            requested_at__gte=timezone.now() - timedelta(days=CONFIRMATION_DAYS),
        ),
        sent_field="confirmation_sent_at",
        error_field="confirmation_error",
        message=confirmation_message,
        describe=lambda subscription: f"Bekreftelse av nyhetsvarsel {subscription.pk}",
    )
)

outgoing_mail.register(
    outgoing_mail.MailKind(
        name=DELIVERY,
        pending=lambda: Delivery.objects.filter(
            sent_at__isnull=True, subscription__confirmed_at__isnull=False
        ).select_related("dispatch", "subscription"),
        sent_field="sent_at",
        error_field="error",
        message=delivery_message,
        describe=lambda delivery: f"Nyhetsvarsel {delivery.dispatch_id} til {delivery.pk}",
    )
)
