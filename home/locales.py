"""Locales follow the settings: every language in WAGTAIL_CONTENT_LANGUAGES gets a Locale."""

from django.conf import settings


def sync_locales(**kwargs):
    from wagtail.models import Locale

    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)
