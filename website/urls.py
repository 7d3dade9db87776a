from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.sitemap import sitemap
from home.staff_names import aging_pages_urls
from program.views import site_calendar_feed
from website import views as website_views
from website.sign_out import SignOutView

urlpatterns = [
    # Ahead of Wagtail's own: signing out by GET ends the session too (website/sign_out.py).
    path("admin/logout/", SignOutView.as_view(), name="wagtailadmin_logout"),
    # Ahead of Wagtail's own: its aging pages report names publishers by user name.
    *aging_pages_urls(),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", website_views.favicon),
    path("healthz", website_views.healthz, name="healthz"),
    path("readyz", website_views.readyz, name="readyz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Norwegian (the default language) without a prefix, other languages under /en/ etc.
urlpatterns += i18n_patterns(
    path("sok/", home_views.search, name="search"),
    # Every program's gatherings in one calendar feed (each program page links to it).
    path("kalender.ics", site_calendar_feed, name="site_calendar"),
    path("", include("newsletter.urls")),
    # Wagtail's page serving comes last: it catches every other URL.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A database outage gets a 503 «try again shortly» page instead of the 500 page.
handler500 = "website.errors.server_error"
# Too big or unreadable requests: a Norwegian page saying nothing was received.
handler400 = "website.errors.bad_request"
