from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The deployment and the infrastructure every app uses: system checks for production
    (website/checks.py), the page cache's purge on content changes, the outgoing mail.
    No models."""

    name = "website"
    verbose_name = "Nettsted"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
        from .page_cache_purge import connect_purge_signals

        connect_purge_signals()
