from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Case handling: the staff's review of the applications the public form takes in."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = "Saksbehandling"

    def ready(self):
        # The reply letter is outgoing mail; the published results follow the decisions.
        from . import reply_letters, results  # noqa: F401
