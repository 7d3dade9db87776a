"""A page translated into English and published at once, for tests about what translations
show (not about how a translation goes live)."""

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def translate_and_publish(page, memory=None):
    """The page in English through wagtail-localize, with the strings `memory` knows
    translated, published once (as a moderator would)."""
    memory = memory or {}
    english = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english)
    for segment in source.stringsegment_set.select_related("string"):
        if segment.string.data in memory:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data=memory[segment.string.data],
                translation_type="manual",
            )
    translation.save_target(publish=False)
    translated = page.get_translation(english)
    translated.get_latest_revision().publish()
    return translated.specific
