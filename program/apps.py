from django.apps import AppConfig


class ProgramConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "program"
    verbose_name = "Program"

    def ready(self):
        # The front page's «open calls» and «next gatherings» (home/front_page.py).
        from . import front_page_sections

        front_page_sections.register()
