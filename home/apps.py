from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Nettsted"

    def ready(self):
        from .locales import sync_locales
        from .moderation_messages import connect_signals as connect_moderation_messages
        from .revision_comparison import register_value_comparisons
        from .staff_names import show_staff_by_full_name
        from .translation_guard import keep_other_language_aliases_offline

        # After every migrate, so a language added to the settings has its Locale.
        post_migrate.connect(sync_locales, sender=self)
        show_staff_by_full_name()
        connect_moderation_messages()
        register_value_comparisons()
        # Everywhere, not only in requests: an alias into another language never goes live.
        post_save.connect(keep_other_language_aliases_offline)
