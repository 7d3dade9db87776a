from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    """Wagtail's sitemap covers the site's root page only; this adds its translations' trees."""

    def items(self):
        pages = Page.objects.none()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"wagtail": AllLocalesSitemap})
