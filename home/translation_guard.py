"""The ways a translation could go live outside moderation, each checked on the server.

wagtail-localize lets anyone who may edit a page publish its translation in three places
(the translation editor's «Publish», «Publish immediately» when syncing, «Convert to
alias», which puts the Norwegian page live in its place) and publishes whatever text it
has, untranslated segments falling back to Norwegian. Wagtail's own workflow approval
publishes a translation's latest revision the same way. This middleware stands in front
of those views, by URL name, since their URLs are registered before ours can be:

- without permission to publish the page, the publishing action is refused with a
  message (an editor submits the translation for moderation instead);
- with untranslated segments, publishing is refused to everyone, moderators included;
- wagtail-localize's own report (which calls such pages «up to date») leads to ours.

An alias of a page in another language is kept offline (below): wagtail-localize makes one
for an untranslated parent when a child is translated, for new pages under a synchronised
locale, and on «Convert to alias», and each would show the Norwegian text in /en/.

Every other wagtail-localize view (editing strings, machine translation, PO files,
preview, stop and restart) only changes the translation's text or state, never what is
live, and is left as it is.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from .translation_progress import translation_of_page, untranslated_segments


def may_publish(user, page):
    return page.permissions_for_user(user).can_publish()


def target_page(translation):
    """The translated page, or None if it is not there yet (or not a page)."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return None
    return target if isinstance(target, Page) else None


def refuse(request, message, url):
    messages.error(request, message)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        # Wagtail's workflow modals: let the page reload and show the message.
        return render_modal_workflow(
            request, "", None, {}, json_data={"step": "success", "redirect": url}
        )
    return redirect(url)


def not_yet_translated(page, untranslated, total):
    return _(
        "«%(title)s» kan ikke publiseres ennå: %(untranslated)s av %(total)s tekstbiter er "
        "ikke oversatt, og siden ville vist norsk tekst. Oversett dem først."
    ) % {"title": page.get_admin_display_title(), "untranslated": untranslated, "total": total}


def no_publish_permission(page):
    return _(
        "Du har ikke tillatelse til å publisere «%(title)s». Send oversettelsen inn til "
        "moderering i stedet."
    ) % {"title": page.get_admin_display_title()}


def untranslated_refusal(page):
    """A message if this page is a translation with untranslated segments, else None."""
    translation = translation_of_page(page)
    if translation is None:
        return None
    untranslated, total = untranslated_segments(translation)
    return not_yet_translated(page, untranslated, total) if untranslated else None


# The guards, one per view; each returns a response to refuse, or None to let the view run.


def guard_translation_editor(request, page_id, **kwargs):
    """Wagtail's edit view, which wagtail-localize replaces with its translation editor."""
    if request.method != "POST":
        return None
    publishing = request.POST.get("action") == "publish"
    converting = "localize-convert-to-alias" in request.POST
    if not (publishing or converting):
        return None
    page = Page.objects.filter(pk=page_id).first()
    if page is None or (publishing and translation_of_page(page) is None):
        return None
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not may_publish(request.user, page):
        return refuse(request, no_publish_permission(page), edit_url)
    if publishing and (message := untranslated_refusal(page)):
        return refuse(request, message, edit_url)
    return None


def guard_convert_to_alias(request, page_id, **kwargs):
    """An alias shows the Norwegian page, live if it is live: that is publishing."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or may_publish(request.user, page):
        return None
    return refuse(
        request,
        _(
            "Du har ikke tillatelse til å gjøre «%(title)s» om til et alias: aliaset viser den "
            "norske siden publisert. Be en moderator om å gjøre det."
        )
        % {"title": page.get_admin_display_title()},
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )


def guard_sync_and_publish(request, translation_source_id, view, **kwargs):
    """«Synkroniser oversatte sider» with «Publish immediately»: refused without publish
    permission on every translated page; for those who may publish, the sync runs without
    it and each translation is then published only if it is fully translated."""
    if request.method != "POST" or not request.POST.get("publish_translations"):
        return None
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        return None  # the view refuses them itself
    source = TranslationSource.objects.filter(pk=translation_source_id).first()
    if source is None:
        return None
    translations = list(source.translations.filter(enabled=True).select_related("target_locale"))
    source_page = source.as_instance()
    # A translation not there yet would be created under the Norwegian page's rules.
    pages = [target_page(translation) or source_page for translation in translations]
    if any(isinstance(page, Page) and not may_publish(request.user, page) for page in pages):
        return refuse(
            request,
            _(
                "Du har ikke tillatelse til å publisere oversettelsene. Synkroniser uten "
                "«Publiser umiddelbart», og send oversettelsene inn til moderering."
            ),
            request.get_full_path(),
        )
    request.POST = request.POST.copy()
    del request.POST["publish_translations"]
    response = view(request, translation_source_id=translation_source_id, **kwargs)
    if response.status_code != 302:
        return response  # the form had errors; nothing was synchronised
    for translation in translations:
        untranslated, total = untranslated_segments(translation)
        if untranslated:
            page = target_page(translation) or source_page
            messages.warning(request, not_yet_translated(page, untranslated, total))
        else:
            translation.save_target(user=request.user, publish=True)
    return response


def guard_workflow_approval(request, page_id, action_name, task_state_id, **kwargs):
    """A moderator approving a translation with untranslated segments."""
    if request.method != "POST" or action_name != "approve":
        return None
    page = Page.objects.filter(pk=page_id).first()
    if page is not None and (message := untranslated_refusal(page)):
        return refuse(request, message, reverse("wagtailadmin_home"))
    return None


def guard_po_upload(request, translation_id, **kwargs):
    """wagtail-localize answers an upload without a file, or a PO file not downloaded from
    one of its translations, with a 500."""
    if request.method != "POST":
        return None
    upload = request.FILES.get("file")
    if upload is not None:
        ours = b"X-WagtailLocalize-TranslationID" in upload.read()
        upload.seek(0)
        if ours:
            return None
    return refuse(
        request,
        _("Velg en PO-fil som er lastet ned fra denne oversettelsen."),
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"),
    )


def refuse_bulk_publishing_untranslated(request, action_type, objects, action):
    """Wagtail's bulk «Publiser» (a before_bulk_action hook), before it publishes any."""
    if action_type != "publish" or not issubclass(action.model, Page):
        return None
    refusals = [message for page in objects if (message := untranslated_refusal(page))]
    if not refusals:
        return None
    messages.error(request, " ".join(refusals))
    return redirect(action.next_url)


def to_our_report(request, **kwargs):
    return redirect("translation_status_report")


GUARDS = {
    "wagtailadmin_pages:edit": guard_translation_editor,
    "wagtail_localize:convert_to_alias": guard_convert_to_alias,
    "wagtail_localize:upload_pofile": guard_po_upload,
    "wagtail_localize:update_translations": guard_sync_and_publish,
    "wagtailadmin_pages:workflow_action": guard_workflow_approval,
    "wagtail_localize:translations_report": to_our_report,
    "wagtail_localize:translations_report_results": to_our_report,
}


class TranslationPublishGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        guard = GUARDS.get(match.view_name) if match else None
        if guard is None or not request.user.is_authenticated:
            return None  # the view itself sends the signed-out to the sign-in page
        if guard is guard_sync_and_publish:
            return guard(request, view=view_func, **view_kwargs)
        return guard(request, **view_kwargs)


def keep_other_language_aliases_offline(sender, instance, **kwargs):
    """A post_save receiver (connected in HomeConfig.ready)."""
    if not isinstance(instance, Page) or not instance.alias_of_id:
        return
    source_locale_id = (
        Page.objects.filter(pk=instance.alias_of_id).values_list("locale_id", flat=True).first()
    )
    if source_locale_id != instance.locale_id:
        # The row, not the instance: «Convert to alias» saves the content from another copy.
        Page.objects.filter(pk=instance.pk, live=True).update(live=False)
        instance.live = False
