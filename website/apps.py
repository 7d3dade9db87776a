from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The deployment: system checks for production (website/checks.py) and the
    set_site_url command. No models."""

    name = "website"
    verbose_name = "Nettsted"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
