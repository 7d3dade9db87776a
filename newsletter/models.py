"""Who wants news and new calls by e-mail, and what has gone to whom.

A subscription is personal data (an address): it is kept only while wanted. An unconfirmed
one goes after CONFIRMATION_DAYS (newsletter/retention.py), an unsubscribed one at once.
"""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Days a confirmation link works, and an unconfirmed subscription is kept.
CONFIRMATION_DAYS = 7


class Topic(models.TextChoices):
    # The field on Subscription that says whether it wants the topic.
    NEWS = "news", _("Nye nyheter")
    CALLS = "calls", _("Nye utlysninger")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def expired_unconfirmed(self, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=CONFIRMATION_DAYS)
        return self.unconfirmed().filter(requested_at__lt=cutoff)


class Subscription(models.Model):
    # Stored in lower case: one confirmed subscription per address whatever its spelling.
    email = models.EmailField(_("e-postadresse"), max_length=254)
    # Named by the signed links in the mails; never the address itself.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("språk"), max_length=10)
    news = models.BooleanField(_("nye nyheter"), default=False)
    calls = models.BooleanField(_("nye utlysninger"), default=False)
    requested_at = models.DateTimeField(_("meldt på"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    # The consent as shown when the address was given, in the visitor's language.
    consent_version = models.CharField(_("samtykkeversjon"), max_length=20)
    consent_text = models.TextField(_("samtykketekst"))
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_error = models.TextField(blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnent på nyhetsvarsel")
        verbose_name_plural = _("abonnenter på nyhetsvarsel")
        ordering = ["-requested_at"]
        # Only viewing: a dedicated permission no staff group has by default.
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(confirmed_at__isnull=False),
                name="newsletter_one_confirmed_subscription_per_address",
            )
        ]

    def __str__(self):
        return self.email

    def topics(self):
        return [topic for topic in Topic if getattr(self, topic.value)]

    def topic_labels(self):
        return ", ".join(str(topic.label) for topic in self.topics())

    topic_labels.short_description = _("varsler om")


class Dispatch(models.Model):
    """One announcement (an article, a call) to the subscribers of one language, sent in
    batches. The unique key makes a second publish of the same thing send nothing."""

    topic = models.CharField(max_length=10, choices=Topic.choices)
    # What is announced: «news:<translation key>» or «call:<translation key>:<opening date>».
    key = models.CharField(max_length=200)
    language = models.CharField(max_length=10)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The mail's content as published, so every batch sends the same.
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    url = models.URLField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    # Batches go to subscriptions in id order; the last one handed a delivery.
    last_subscription_id = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="newsletter_one_dispatch_per_key_and_language"
            )
        ]

    def __str__(self):
        return f"{self.key} ({self.language})"


class Delivery(models.Model):
    """One announcement's mail to one subscriber: sent once (website/outgoing_mail.py)."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "subscription"],
                name="newsletter_one_delivery_per_dispatch_and_subscription",
            )
        ]
