from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Staff sign-in (throttling, two-factor) and the security headers of every response."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = "Sikkerhet"
