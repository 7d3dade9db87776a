from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def organisation_name():
    """The organisation the admin belongs to (WAGTAIL_SITE_NAME), for the sign-in pages."""
    return settings.WAGTAIL_SITE_NAME
