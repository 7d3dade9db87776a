"""«Resultat av runden»: the reviewers see the rows as they would be published, publish
them, update them now, close the round (no more regeneration) or reopen it. Reviewers
only; everyone else gets 403 (anonymous: the login)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from wagtail import hooks

from .ranking_views import form_page_or_404, reviewers_only
from .results import (
    close_round,
    publish_results,
    regenerate,
    reopen_round,
    result_rows,
    results_page_of,
)
from .results_page import ResultsPage, grouped_rows

ACTIONS = ("publiser", "oppdater", "avslutt", "gjenapne")


def urls():
    return [path("vurdering/resultater/<int:page_id>/", results_view, name="assessment_results")]


def translations_of(page):
    """The results page in every language, the Norwegian first: (page, live URL or None)."""
    if page is None:
        return []
    pages = sorted(page.get_translations(inclusive=True), key=lambda p: p.pk != page.pk)
    return [(p, p.url if p.live else None) for p in pages]


@reviewers_only
@require_http_methods(["GET", "POST"])
def results_view(request, page_id):
    form_page = form_page_or_404(page_id)
    if request.method == "POST":
        act(request, form_page, request.POST.get("handling"))
        return redirect("assessment_results", form_page.pk)
    page = results_page_of(form_page)
    return TemplateResponse(
        request,
        "applications/admin/results.html",
        {
            "form_page": form_page,
            "results_page": page,
            "languages": translations_of(page),
            "groups": grouped_rows(result_rows(form_page)),
            "publish_all": form_page.publish_all_applicants,
        },
    )


def act(request, form_page, action):
    page = results_page_of(form_page)
    if action == "publiser":
        publish_results(form_page, request.user)
        messages.success(request, _("Resultatet er publisert."))
    elif action == "oppdater" and page and not page.closed_at:
        changed = regenerate(form_page, request.user)
        messages.success(
            request,
            _("Resultatet er oppdatert.") if changed else _("Resultatet var allerede oppdatert."),
        )
    elif action == "avslutt" and close_round(form_page, request.user):
        messages.success(request, _("Runden er avsluttet. Resultatet oppdateres ikke lenger."))
    elif action == "gjenapne" and reopen_round(form_page, request.user):
        messages.success(request, _("Runden er åpnet igjen. Resultatet følger vedtakene."))
    else:
        # A stale form (another reviewer acted first) or a made-up value.
        messages.error(request, _("Handlingen kunne ikke utføres. Se siden slik den er nå."))


@hooks.register("register_log_actions")
def register_results_log_actions(actions):
    for action, label, message in [
        ("publish", _lazy("Resultat: publisert"), _lazy("Resultatet ble publisert")),
        ("regenerate", _lazy("Resultat: oppdatert"), _lazy("Resultatet fulgte et vedtak")),
        ("close", _lazy("Resultat: runden avsluttet"), _lazy("Runden ble avsluttet")),
        ("reopen", _lazy("Resultat: runden gjenåpnet"), _lazy("Runden ble åpnet igjen")),
    ]:
        actions.register_action(f"applications.results.{action}", label, message)


@hooks.register("before_copy_page")
def refuse_copying_results(request, page):
    """A copy would carry the rows of a round that goes on changing: publish the results
    of the form page instead."""
    if page.specific_class is ResultsPage:
        messages.error(
            request,
            _("En resultatside kan ikke kopieres. Den lages fra vedtakene under «Resultat»."),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_move_page")
def refuse_moving_results(request, page, destination):
    """Under another form page it would show this round's rows as that round's."""
    if page.specific_class is ResultsPage:
        messages.error(request, _("En resultatside kan ikke flyttes. Den hører til sitt skjema."))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
