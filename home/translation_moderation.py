"""«Send inn til moderering» from wagtail-localize's translation editor.

wagtail-localize's editor offers only «Publish», which editors may not do, and it replaces
Wagtail's edit view (and its workflow actions) for a translated page. This view saves the
translation as a draft revision and starts the page's workflow, so a finished translation
reaches the moderators in «Moderatorgodkjenning» like any other page, and their approval
publishes the translated text.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import Translation
from wagtail_localize.segments.ingest import ingest_segments

from .translation_progress import untranslated_segments


def save_translation_draft(translation, user):
    """The translated page with its current translations saved as a new revision.

    wagtail-localize's own draft (save_target(publish=False)) also writes the text into
    the page's row, which for a live page is what the public sees; a live page gets a
    revision only.
    """
    try:
        page = translation.get_target_instance().specific
    except ObjectDoesNotExist:
        page = None
    if page is None or not page.live:
        translation.save_target(user=user, publish=False)
        return translation.get_target_instance().specific
    source = translation.source
    original = source.as_instance()
    copy_synchronised_fields(original, page)
    segments = source._get_segments_for_translation(translation.target_locale, fallback=True)
    ingest_segments(original, page, source.locale, translation.target_locale, segments)
    page.slug = find_available_slug(page.get_parent(), slugify(page.slug), ignore_page_id=page.pk)
    page.save_revision(user=user)
    return page


def refusal(user, page, translation):
    """Why this translation cannot be submitted now, or None."""
    title = page.get_admin_display_title()
    if not page.permissions_for_user(user).can_edit():
        return _("Du har ikke tillatelse til å redigere «%(title)s».") % {"title": title}
    if page.get_workflow() is None:
        return _(
            "«%(title)s» har ingen arbeidsflyt for moderering. Be en moderator om å publisere "
            "oversettelsen."
        ) % {"title": title}
    if page.workflow_in_progress:
        return _("«%(title)s» er allerede sendt inn til moderering.") % {"title": title}
    untranslated, total = untranslated_segments(translation)
    if untranslated:
        return _(
            "«%(title)s» kan ikke sendes inn ennå: %(untranslated)s av %(total)s tekstbiter "
            "er ikke oversatt."
        ) % {"title": title, "untranslated": untranslated, "total": total}
    return None


@require_POST
def submit_translation_for_moderation(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"),
        pk=translation_id,
        enabled=True,
    )
    try:
        page = translation.get_target_instance()
    except ObjectDoesNotExist:
        page = None
    if not isinstance(page, Page):
        messages.error(request, _("Fant ingen oversatt side å sende inn."))
        return redirect("wagtailadmin_home")
    page = page.specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if message := refusal(request.user, page, translation):
        messages.error(request, message)
        return redirect(edit_url)

    draft = save_translation_draft(translation, request.user)
    draft.get_workflow().start(draft, request.user)
    messages.success(
        request,
        _("«%(title)s» er sendt inn til moderering.") % {"title": draft.get_admin_display_title()},
    )
    return redirect(edit_url)
