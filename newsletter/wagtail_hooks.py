"""«Nyhetsvarsel» in the admin: the subscribers, read only, for the staff given the dedicated
permission «Can view abonnent på nyhetsvarsel» (no group has it by default: editors and
moderators publish, they do not read addresses). Not a snippet, so Wagtail's snippet
listing, chooser and search never show it."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Subscription


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = _("Nyhetsvarsel")
    add_to_admin_menu = True
    menu_order = 900
    url_prefix = "nyhetsvarsel"
    name = "newsletter_subscriptions"
    list_display = ["email", "language", "topic_labels", "requested_at", "confirmed_at"]
    list_filter = ["language", "news", "calls"]
    search_fields = ["email"]
    search_backend_name = None  # the database: no addresses in a search index
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "language",
        "news",
        "calls",
        "requested_at",
        "confirmed_at",
        "consent_version",
        "consent_text",
    ]

    def get_urlpatterns(self):
        # Only reading: subscribers add, change and remove themselves.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def edit_url_name(self):
        return None

    @property
    def add_url_name(self):
        return None

    @property
    def delete_url_name(self):
        return None


subscription_viewset = SubscriptionViewSet()


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return subscription_viewset


@hooks.register("register_permissions")
def register_subscription_permission():
    # Grantable to a group in «Grupper»; no group gets it from a migration.
    return Permission.objects.filter(
        content_type__app_label="newsletter", codename="view_subscription"
    )
