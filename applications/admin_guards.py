"""Wagtail's and wagtail-localize's own admin views, where they meet applications.

Applications have one way in, «Søknader» (viewsets.py), and leave only by retention. Views
that Wagtail or wagtail-localize add for every form page or every snippet are closed or
checked here; wagtail_hooks.py registers them ahead of the originals.
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.contrib.forms.views import DeleteSubmissionsView, get_submissions_list_view
from wagtail.models import Page, TranslatableMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.views import snippets_api

from forms.models import ApplicationFormPage, ApplicationSubmission

# Wagtail's form submission views (wagtail.contrib.forms): list, CSV/XLSX export, delete.


def applications_of_form(page):
    """«Søknader» filtered to this form (answers in every language are stored against the
    Norwegian page)."""
    source = page.source_page
    return f"{reverse('applications:list')}?{urlencode({'page': source.pk})}"


def form_submissions(request, page_id, **kwargs):
    """An application form's submissions are in «Søknader», for everyone, superusers too:
    Wagtail's listing shows them unfiltered, exports them unprotected against formulas,
    and deletes them without their files or a log entry. Other form types keep Wagtail's."""
    page = get_object_or_404(Page, pk=page_id).specific
    if isinstance(page, ApplicationFormPage):
        return redirect(applications_of_form(page))
    if request.resolver_match.url_name == "form_submissions_delete":
        return DeleteSubmissionsView.as_view()(request, page_id=page_id)
    return get_submissions_list_view(request, page_id=page_id, **kwargs)


def without_application_forms(user, editable_forms):
    """Wagtail's «Skjemaer» lists no application form (and so hides itself while there is
    no other kind of form)."""
    application_forms = ContentType.objects.get_for_model(ApplicationFormPage)
    return editable_forms.exclude(content_type=application_forms)


# wagtail-localize's snippet API, used by its translation editor


def localize_snippets_api(request, app_label, model_name, pk=None):
    """wagtail-localize lists any snippet model there to any staff user, and answers with
    a 500 for a model with its own admin URLs (Søknader). Only translatable snippets are
    offered, to users with a permission on them."""
    model = get_snippet_model_from_url_params(app_label, model_name)  # Http404 if unknown
    if not issubclass(model, TranslatableMixin):
        raise Http404
    policy = policy_registry.get_by_type(model)
    if policy is None or not policy.user_has_any_permission(
        request.user, ["add", "change", "delete", "view"]
    ):
        raise PermissionDenied
    action = {"get": "retrieve"} if pk is not None else {"get": "list"}
    view = snippets_api.SnippetViewSet.as_view(action)
    kwargs = {"app_label": app_label, "model_name": model_name}
    if pk is not None:
        kwargs["pk"] = pk
    return view(request, **kwargs)


# Pages that applications keep (ApplicationSubmission.page is PROTECT)


def pages_with_applications(pages):
    """The pages among these whose subtree holds a form with applications."""
    return [
        page
        for page in pages
        if ApplicationSubmission.objects.filter(page__path__startswith=page.path).exists()
    ]


def refuse_deleting_page_with_applications(request, page):
    """Wagtail's delete view, before it asks or deletes."""
    if not pages_with_applications([page]):
        return None
    messages.error(
        request,
        _(
            "«%(title)s» ble ikke slettet: søknadsskjemaet på eller under siden har "
            "mottatt søknader, og de beholdes til lagringstiden er ute. Avpubliser siden "
            "hvis den ikke skal vises."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


def refuse_bulk_deleting_pages_with_applications(request, action_type, objects, action):
    """Wagtail's bulk delete of pages, before it deletes any (it deletes one by one)."""
    if action_type != "delete" or not issubclass(action.model, Page):
        return None
    kept = pages_with_applications(objects)
    if not kept:
        return None
    messages.error(
        request,
        _(
            "Ingen sider ble slettet: søknadsskjemaet på eller under %(titles)s har mottatt "
            "søknader, og de beholdes til lagringstiden er ute. Avpubliser sidene i stedet, "
            "eller velg dem bort."
        )
        % {"titles": ", ".join(f"«{page.get_admin_display_title()}»" for page in kept)},
    )
    return redirect(action.next_url)
