from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Case handling: the staff's review of the applications the public form takes in."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = "Saksbehandling"

    def ready(self):
        from . import reply_letters  # noqa: F401 (registers the reply letter as outgoing mail)
