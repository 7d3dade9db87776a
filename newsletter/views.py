"""The public pages: sign up, «check your e-mail», confirm, and leave in one click.

Nothing here changes state on GET (link scanners open every link in a mail): confirming and
unsubscribing are a button. The unsubscribe POST is the RFC 8058 one-click request too, which
mail programs send without cookies or a CSRF token: the signed token in the URL is what
authenticates it, so that view alone is csrf_exempt.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from home.models import SiteSettings

from . import subscriptions
from .forms import HONEYPOT_FIELD, TOKEN_FIELD, SubscribeForm, new_form_token
from .tokens import confirm_key, unsubscribe_key


def _privacy_page(request):
    site = Site.find_for_request(request)
    page = SiteSettings.for_site(site).privacy_page if site else None
    if page is None:
        return None
    return page.localized.specific if page.live else None


def _render(request, template, context=None, status=200, indexed=False):
    response = TemplateResponse(request, template, context or {}, status=status)
    # Personal links and answers are never indexed; only the empty sign-up page is.
    if not indexed:
        response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        subscriptions.request_subscription(
            form.cleaned_data["email"], form.cleaned_data["topics"], get_language()
        )
        # The same answer whether the address is new, waiting or subscribed.
        return redirect("newsletter_requested")
    context = {
        "form": form,
        "form_token": new_form_token(),
        "token_field": TOKEN_FIELD,
        "honeypot_field": HONEYPOT_FIELD,
        "privacy_page": _privacy_page(request),
    }
    if form.errors:
        return _render(request, "newsletter/subscribe.html", context, 400)
    return _render(request, "newsletter/subscribe.html", context, indexed=True)


@require_http_methods(["GET", "HEAD"])
def requested(request):
    return _render(request, "newsletter/requested.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    key = confirm_key(token)
    if key is None:
        return _render(request, "newsletter/link_invalid.html", status=404)
    if request.method == "POST":
        subscription = subscriptions.confirm(key)
        if subscription is None:
            return _render(request, "newsletter/link_invalid.html", status=404)
        return _render(request, "newsletter/confirmed.html", {"subscription": subscription})
    return _render(request, "newsletter/confirm.html")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    key = unsubscribe_key(token)
    if key is None:
        return _render(request, "newsletter/link_invalid.html", status=404)
    if request.method == "POST":
        # Already gone (a second click) reads the same: the address gets no more mail.
        subscriptions.unsubscribe(key)
        return _render(request, "newsletter/unsubscribed.html")
    return _render(request, "newsletter/unsubscribe.html")
