"""Site search over the pages of one language, ranked, with kind, place and passage.

On PostgreSQL the search reads Wagtail's own index (wagtailsearch_indexentry), which Wagtail
keeps in step as pages are published, changed and unpublished, but not its stored tsvectors:
those are built with one text search configuration for every page. Here the plain texts it
also stores (title_text, body_text) are turned into tsvectors with the configuration of the
page's language (SEARCH_LANGUAGE_CONFIGS: «norwegian» stems «rammeplanen» to «rammeplan»,
«english» «gatherings» to «gathering»), the title weighted A and the rest C, so a page whose
title has the word ranks above one that only mentions it. The site has hundreds of pages,
so the vectors are computed per query; with many thousands an expression index would be due.

Elsewhere (SQLite in development) Wagtail's own search finds whole words and the passage
is cut in Python.

Cost per results page, whatever the number of pages: the count, the page of results, their
passages, and their ancestors (the breadcrumb): a constant number of queries.
"""

import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import CharField, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from .search_passages import (
    MARKERS,
    START,
    STOP,
    mark_words,
    marked_passage,
    matched_words,
    python_passage,
)

# Letters and digits only: safe inside to_tsquery's syntax. A bound on the query's size.
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12

HEADLINE_OPTIONS = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


@dataclass
class Hit:
    page: Page
    kind: str
    trail: list  # titles of the ancestors below the home page, outermost first
    title: str  # HTML: the title with the matched words marked
    passage: str  # HTML: the text around the match, the matched words marked
    description: str = ""  # what the page says of itself from its fields (a deadline)


def language_config(locale):
    configs = getattr(settings, "SEARCH_LANGUAGE_CONFIGS", {})
    return configs.get(locale.language_code, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


def _without_markers(field):
    # A page's own text cannot contain the characters that stand for marks.
    return Func(F(field), Value(MARKERS), Value(""), function="translate")


class PageSearch:
    """`results` for a Paginator; `hits(page_of_results)` for the template."""

    def __init__(self, terms, locale):
        self.terms = terms
        self.locale = locale
        self.config = language_config(locale)

    @cached_property
    def query(self):
        """Every word, stemmed by the language's rules, as a prefix: the stemmer cuts the
        bare form shorter than the inflected one at times («trompet» -> «tromp», but
        «trompetene» -> «trompet»), and a prefix also finds the word at the start of a
        compound («veiledning» in «veiledningsordning»). None when no word is left."""
        words = WORD.findall(self.terms)[:MAX_WORDS]
        if not words:
            return None
        parts = [SearchQuery(f"{word}:*", config=self.config, search_type="raw") for word in words]
        return reduce(operator.and_, parts)

    @cached_property
    def exact_query(self):
        words = WORD.findall(self.terms)[:MAX_WORDS]
        return SearchQuery(" ".join(words), config=self.config, search_type="plain")

    def pages(self):
        return Page.objects.live().public().filter(locale=self.locale)

    def _entries(self):
        """The index entry of the outer page (the unique key: its type and its id)."""
        return IndexEntry.objects.filter(
            content_type_id=OuterRef("content_type_id"),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )

    @cached_property
    def results(self):
        if not uses_postgres():
            return self.pages().search(self.terms)
        if self.query is None:
            return Page.objects.none()
        document = SearchVector("title_text", weight="A", config=self.config) + SearchVector(
            "body_text", weight="C", config=self.config
        )
        rank = (
            self._entries()
            .annotate(document=document)
            .filter(document=self.query)
            # The words as typed (stemmed) weigh more than words they only begin.
            .annotate(
                rank=SearchRank(F("document"), self.exact_query) * 2
                + SearchRank(F("document"), self.query)
            )
            .values("rank")
        )
        return (
            self.pages()
            .annotate(rank=Subquery(rank))
            .filter(rank__isnull=False)
            .order_by("-rank", "path")
        )

    def hits(self, pages):
        pages = list(pages)
        texts = self._texts(pages)
        trails = self._trails(pages)
        details = _details(pages)
        hits = []
        for page in pages:
            words, passage = texts.get(page.pk, ((), ""))
            ancestors = trails[page.pk]
            hits.append(
                Hit(
                    page=page,
                    kind=kind_of(page.specific_class, [model for _, model in ancestors]),
                    trail=[title for title, _ in ancestors],
                    title=mark_words(page.title, words),
                    passage=passage,
                    description=getattr(details.get(page.pk), "meta_description", ""),
                )
            )
        return hits

    def _texts(self, pages):
        """{page id: (the words matched in its title, its marked passage)} in one query.

        The index's title text also holds related titles (a program's gatherings), so the
        title shown is the page's own, marked where the index's title matched."""
        if not pages:
            return {}
        entries = IndexEntry.objects.filter(
            content_type_id__in={page.content_type_id for page in pages},
            object_id__in=[str(page.pk) for page in pages],
        )
        keys = {(page.content_type_id, str(page.pk)): page.pk for page in pages}
        if not uses_postgres():
            rows = entries.values_list("content_type_id", "object_id", "body")
            return {
                keys[(ct, object_id)]: (self.terms.split(), python_passage(body, self.terms))
                for ct, object_id, body in rows
                if (ct, object_id) in keys
            }
        rows = entries.annotate(
            marked_title=SearchHeadline(
                _without_markers("title_text"),
                self.query,
                config=self.config,
                highlight_all=True,
                start_sel=START,
                stop_sel=STOP,
            ),
            passage=SearchHeadline(
                _without_markers("body_text"), self.query, config=self.config, **HEADLINE_OPTIONS
            ),
        ).values_list("content_type_id", "object_id", "marked_title", "passage")
        return {
            keys[(ct, object_id)]: (matched_words(title), marked_passage(passage))
            for ct, object_id, title, passage in rows
            if (ct, object_id) in keys
        }

    def _trails(self, pages):
        """{page id: [(title, model class)]}: its ancestors below the home page, one query."""
        steplen = Page.steplen
        home_depth = 2  # the root is depth 1, each language's home page depth 2
        wanted = {
            page.pk: [page.path[: steplen * depth] for depth in range(home_depth + 1, page.depth)]
            for page in pages
        }
        paths = {path for ancestors in wanted.values() for path in ancestors}
        found = {}
        if paths:
            for path, title, content_type_id in Page.objects.filter(path__in=paths).values_list(
                "path", "title", "content_type_id"
            ):
                found[path] = (title, _model_for(content_type_id))
        return {
            pk: [found[path] for path in ancestors if path in found]
            for pk, ancestors in wanted.items()
        }


class SearchDetails:
    """A page type whose search result shows details from its fields (a program's deadline)
    mixes this in and says how to fetch its found pages with those details."""

    @classmethod
    def with_search_details(cls, pks):
        raise NotImplementedError


def _details(pages):
    """{page id: specific page} for the page types with SearchDetails: one call per type."""
    by_model = defaultdict(list)
    for page in pages:
        if issubclass(page.specific_class, SearchDetails):
            by_model[page.specific_class].append(page.pk)
    return {
        specific.pk: specific
        for model, pks in by_model.items()
        for specific in model.with_search_details(pks)
    }


def _model_for(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def kind_of(model, ancestor_models=()):
    """What a result is called: the model's `search_kind`, or one it takes below an ancestor
    (`search_kind_below`: {"app_label.ModelName": kind}), falling back on its verbose name."""
    below = getattr(model, "search_kind_below", {})
    for ancestor in reversed(ancestor_models):
        if ancestor is not None and ancestor._meta.label in below:
            return below[ancestor._meta.label]
    return getattr(model, "search_kind", None) or model._meta.verbose_name.capitalize()
