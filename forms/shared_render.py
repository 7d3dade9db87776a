"""The blank form page rendered once per content generation, language and window status,
and handed to every anonymous visitor with their own tokens (issue 20, item 2).

In the days before a deadline every municipality opens the form page; what they get differs
only by the CSRF token and the signed form token. So the page is rendered with placeholders
where those go, kept in the cache, and each request fills in its own. Nothing personal is
ever kept: a signed-in editor (session cookie), a preview, a report form (personal link), a
browser with a draft of this form, a POST and any unknown query parameter are rendered as
before. A publish starts a new generation (website/page_cache.py), so changes show at once;
the window's status is part of the key, so opening, closing and the days left do too.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from wagtail.models import Site

from website.page_cache import current_generation, for_generation

from .drafts import COOKIE_NAME
from .intake_guards import FormToken
from .steps import STEP_PARAMETER

# Only letters and digits: template escaping leaves them as they are.
CSRF_PLACEHOLDER = "ksrcsrfplaceholder0f3c9e"
FORM_TOKEN_PLACEHOLDER = "ksrformtokenplaceholder7b21d4"
KEEP_SECONDS = 24 * 3600
# The content generation follows content, not code: a deploy with new templates must not
# hand out the old markup, so each process keeps renders of its own code (a worker renders
# the page once per generation; the cache is shared only by what renders it alike).
PROCESS = uuid.uuid4().hex


def may_share(page, request):
    """Whether this request sees exactly what any anonymous first visit sees."""
    step = request.GET.get(STEP_PARAMETER, "1")
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not page.is_report_form
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= {STEP_PARAMETER}
        and step == "1"
    )


def shared_key(page, request):
    site = Site.find_for_request(request)
    # The window (the program's dates, the Norwegian program's for a translation) is read
    # once per content generation; its status is said now, so the days left stay true.
    window = for_generation(
        f"form-window:{page.pk}:{page.live_revision_id}", lambda: page.application_window
    )
    status = window.status() if window else None
    parts = ":".join(
        str(part)
        for part in (
            PROCESS,
            site.pk if site else "-",
            page.pk,
            page.live_revision_id,
            get_language(),
            request.scheme,
            repr(status),
        )
    )
    return f"formpage:{current_generation()}:{hashlib.sha256(parts.encode()).hexdigest()}"


def with_placeholders(context):
    """The context a shared render gets: placeholders instead of this visitor's tokens."""
    context["csrf_token"] = CSRF_PLACEHOLDER
    context["form_token"] = FORM_TOKEN_PLACEHOLDER
    return context


def personalised(request, html):
    """The shared render with this request's tokens; get_token also sets the CSRF cookie."""
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    html = html.replace(FORM_TOKEN_PLACEHOLDER, FormToken.new().dumps())
    return HttpResponse(html)


def serve_shared(page, request, render):
    """The page from the cache, or `render()` (a TemplateResponse whose context has the
    placeholders) rendered once and kept. None when this request may not share it."""
    if not may_share(page, request):
        return None
    key = shared_key(page, request)
    html = cache.get(key)
    if html is None:
        response = render()
        if response.status_code != 200 or not hasattr(response, "render"):
            return response
        html = response.render().content.decode()
        cache.set(key, html, timeout=KEEP_SECONDS)
    return personalised(request, html)
