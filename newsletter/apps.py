from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = "Nyhetsvarsler på e-post"

    def ready(self):
        from wagtail.signals import page_published

        from . import mail  # noqa: F401  registers the two kinds of outgoing mail
        from .sending import on_page_published

        page_published.connect(on_page_published, dispatch_uid="newsletter_announce")
