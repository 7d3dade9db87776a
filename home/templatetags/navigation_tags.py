from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The root page of the current site (the home page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context, current_page=None):
    root = get_site_root(context)
    items = []
    if root:
        items = list(root.get_children().live().public().in_menu())
    current_path = getattr(current_page, "path", "")
    return {
        "items": [
            {
                "page": item,
                "is_current": item.path == current_path,
                "in_section": current_path.startswith(item.path) and item.path != current_path,
            }
            for item in items
        ],
        "request": context.get("request"),
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = []
    if page is not None and page.depth > 2:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=2).live().public())
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
