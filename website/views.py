"""Views that belong to the deployment rather than to the site's content."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """«The process is up», for load balancers and as the benchmark's baseline.

    No database, session, template or translation: it must answer even when the
    database is down, and it measures the cost of the server and middleware alone.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def favicon(request):
    # Resolved per request: the hashed name needs the static manifest, which does not
    # exist yet when `migrate` or `collectstatic` first import the URLs.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
