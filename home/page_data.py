"""What a page shows besides its own fields (listings, linked pages, child rows), kept for
the content generation so an uncached page does not ask the database for it again.

Any change to content starts a new generation (website/page_cache.py), so the data is
never stale. Only what content alone decides goes in: whatever depends on the clock (an
application window's state, which gatherings are past) is worked out from it per request.
A preview shows the editor's draft, whose rows and links live in memory: it is never
served from, nor stored in, the cache. What one process keeps, only it reads: a deploy
with new templates or code never shows what the old code made (as forms/shared_render.py).
"""

import uuid

from django.utils.translation import get_language

from website.page_cache import for_generation

PROCESS = uuid.uuid4().hex


def is_preview(request):
    return request is None or getattr(request, "is_preview", False)


def for_content(request, page, name, compute):
    """`compute()` for `page`, from the cache of the content generation unless previewing.

    The name is made from the page, the active language (gettext strings) and `name`,
    which must say everything else the value depends on.
    """
    if is_preview(request) or not page.pk:
        return compute()
    return for_generation(f"page-data:{PROCESS}:{page.pk}:{get_language()}:{name}", compute)
