"""Staff by group, a new Norwegian page with a child, and wagtail-localize's actions on it."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from home.models import ContentPage

EDITORS, MODERATORS = "Redaktører", "Moderatorer"


def staff_user(django_user_model, group, username=None):
    user = django_user_model.objects.create_user(
        username or group.lower(), password="x", first_name="Kari", last_name="Nordmann"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def new_page_with_child(parent, slug="nytt-om-kulturskolen"):
    """A live Norwegian content page with a live child page, under a translated parent.
    (Not at «nyheter»: the seed has its news index there.)"""
    page = ContentPage(title="Nyheter om kulturskolen", slug=slug, intro="Siste nytt fra oss.")
    parent.add_child(instance=page)
    page.save_revision().publish()
    child = ContentPage(title="Ny rammeplan", slug="ny-rammeplan", intro="Rammeplanen er ny.")
    page.add_child(instance=child)
    child.save_revision().publish()
    return page, child


def english():
    return Locale.objects.get(language_code="en")


def translate(client, page, subtree=True):
    data = {"locales": [english().pk]}
    if subtree:
        data["include_subtree"] = "on"
    return client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), data)


def translation_of(page):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=english())


def translate_every_segment(page, text="English text"):
    """What a translator does in the translation editor, segment by segment."""
    translation = translation_of(page)
    for segment in StringSegment.objects.filter(source=translation.source):
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            locale=english(),
            context_id=segment.context_id,
            defaults={"data": f"{text} {segment.order}"},
        )
    return translation
