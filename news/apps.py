from django.apps import AppConfig


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "Nyheter"

    def ready(self):
        # News plugs into the lower layers' registries: the front page and program pages.
        from . import sections

        sections.register()
