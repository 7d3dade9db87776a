from django.apps import AppConfig


class FormsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms"
    verbose_name = "Søknader"

    def ready(self):
        from . import (  # noqa: F401 (they register kinds of mail)
            acceptance_mail,
            draft_mail,
            emails,
            report_mail,
            signals,
            withdrawal_mail,
        )

        signals.connect()
