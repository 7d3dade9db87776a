import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from . import search_suggestions
from .search import PageSearch

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Search terms are words; quotes, NUL and other symbols only trip the full-text parsers
# (an unbalanced «"» is a syntax error in SQLite FTS5).
NOT_A_WORD = re.compile(r"[^\w\s'-]+")


def search_terms(query):
    return " ".join(NOT_A_WORD.sub(" ", query).split())


@require_GET
def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context = {"search_query": query, "page_obj": None, "results": [], "suggestions": []}
    if terms := search_terms(query):
        # Only pages in the language of the search page: /sok/ Norwegian, /en/sok/ English.
        locale = Locale.get_active()
        page_search = PageSearch(terms, locale)
        page_obj = Paginator(page_search.results, RESULTS_PER_PAGE).get_page(
            request.GET.get("side")
        )
        context["page_obj"] = page_obj
        context["results"] = page_search.hits(page_obj.object_list)
        if not context["results"]:
            context["suggestions"] = search_suggestions.suggestions_for(request, locale)
    return render(request, "home/search_results.html", context)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /sok/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
