from django import template

from ..status_page import status_url

register = template.Library()


@register.simple_tag(takes_context=True)
def application_status_url(context, submission):
    """The applicant's personal status link (as in the receipt), for the confirmation page:
    it works even when no receipt is sent (a limit per address per day)."""
    return status_url(submission, context.get("request"))
