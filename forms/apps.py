from django.apps import AppConfig


class FormsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms"
    verbose_name = "Søknader"

    def ready(self):
        from . import emails, signals, withdrawal_mail  # noqa: F401 (they register kinds of mail)

        signals.connect()
