"""What the newsletter stores about an address, for a request for access (GDPR art. 15)."""

from .models import Subscription


def subscriptions_of(email):
    email = email.strip().lower()
    return [
        {
            "påmeldt": subscription.requested_at,
            "bekreftet": subscription.confirmed_at,
            "språk": subscription.language,
            "nye_nyheter": subscription.news,
            "nye_utlysninger": subscription.calls,
            "samtykkeversjon": subscription.consent_version,
            "samtykketekst": subscription.consent_text,
            "sendte_varsler": [
                {"sendt": delivery.sent_at, "tittel": delivery.dispatch.title}
                for delivery in subscription.deliveries.all()
            ],
        }
        for subscription in Subscription.objects.filter(email=email)
        .order_by("requested_at")
        .prefetch_related("deliveries__dispatch")
    ]
