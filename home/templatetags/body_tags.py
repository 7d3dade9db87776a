"""A page's story body, rendered once per content generation.

The blocks say only what content decides (text, images, documents, links to pages), so
their markup is kept like the page data (home/page_data.py). A block that shows something
per request (an embedded application form: its CSRF token and window) makes the body
render every time.
"""

from django import template
from django.utils.safestring import mark_safe

from home.page_data import for_content

register = template.Library()

# Block types whose markup depends on the request or the clock.
PER_REQUEST_BLOCKS = frozenset({"application_form"})


@register.simple_tag(takes_context=True)
def page_body(context, page):
    """`{% page_body page %}`: as `{% include_block page.body %}`, kept for the generation."""
    body = page.body

    def render():
        return str(body.render_as_block(context=context.flatten()))

    if any(block["type"] in PER_REQUEST_BLOCKS for block in body.raw_data):
        return mark_safe(render())
    return mark_safe(for_content(context.get("request"), page, "body-html", render))
