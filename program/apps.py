from django.apps import AppConfig


class ProgramConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "program"
    verbose_name = "Program"

    def ready(self):
        # The front page's «open calls» and «next gatherings» (home/front_page.py).
        from . import front_page_sections

        front_page_sections.register()

        # Search without hits suggests the open and upcoming calls (home/search_suggestions.py).
        from home import search_suggestions

        from .search_suggestions import open_and_upcoming_calls

        search_suggestions.register("program.calls", open_and_upcoming_calls, order=10)
