"""Build the site's page tree from the seed content in home/seed/*.json.

Idempotent: pages that already exist (matched by their slug under their parent) are left as
editors made them; only missing pages are created. `--reset` writes the seed content over the
seeded pages again, as a new published revision.
"""

import json
from datetime import date, datetime
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.models import HomePage, SiteSettings
from home.translation_moderation import save_translation_draft
from home.translation_progress import untranslated_segments
from website.dates import OSLO

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
# The order matters: the home page first, pages that others link to before those links.
SEED_FILES = ["home.json", "strategy.json", "program.json", "news.json", "statements.json"]

DATE_FIELDS = {"program_start", "program_end", "reply_date", "date", "end_date"}
DATETIME_FIELDS = {"application_opens", "application_closes", "information_webinar"}
TIME_FIELDS = {"start_time", "end_time"}


def load_seed(name):
    return json.loads((SEED_DIR / name).read_text(encoding="utf-8"))


def convert(field, value):
    """JSON values to Python: dates, and naive datetimes read as Oslo time."""
    if value in (None, ""):
        return value
    if field in DATE_FIELDS:
        return date.fromisoformat(value)
    if field in DATETIME_FIELDS:
        return datetime.fromisoformat(value).replace(tzinfo=OSLO)
    if field in TIME_FIELDS:
        return datetime.strptime(value, "%H:%M").time()
    return value


def stream_in_block_format(page, field, value):
    """A StreamField's JSON with every list item in Wagtail's block format ({type, value,
    id}): wagtail-localize extracts no segment from a list stored the older plain way, so
    its text would stay Norwegian in every translation."""
    model_field = page._meta.get_field(field)
    if not isinstance(model_field, StreamField) or not isinstance(value, list):
        return value
    stream = model_field.stream_block.to_python(value)
    list(stream)  # bind every child, so each is written out through its block
    return stream.get_prep_value()


class Command(BaseCommand):
    help = "Laster inn startinnholdet (sider og nettstedsinnstillinger). Kan kjøres flere ganger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Skriv startinnholdet over sidene som finnes fra før (ny publisert versjon).",
        )

    def handle(self, *args, reset=False, **options):
        self.reset = reset
        self.created = 0
        self.updated = 0
        with transaction.atomic():
            home = self.load_home(load_seed("home.json"))
            for name in SEED_FILES[1:]:
                for spec in load_seed(name)["pages"]:
                    self.load_page(home, spec)
            self.link_home(home, load_seed("home.json"))
            self.load_site_settings(home, load_seed("home.json")["site_settings"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Startinnhold: {self.created} sider opprettet, {self.updated} oppdatert."
            )
        )
        for locale in Locale.objects.exclude(pk=home.locale_id):
            if (SEED_DIR / "translations" / f"{locale.language_code}.json").exists():
                self.translate_tree(home, locale)

    # Pages

    def load_home(self, seed):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            raise SystemExit("Fant ingen forside (HomePage). Kjør `manage.py migrate` først.")
        # The migration creates an empty home page; fill it the first time, or on --reset.
        if self.reset or not home.intro:
            self.apply_fields(home, seed["page"])
            self.publish(home)
            self.updated += 1
        return home

    def load_page(self, parent, spec):
        model = apps.get_model(spec["type"])
        page = parent.get_children().filter(slug=spec["slug"]).specific().first()
        if page is None:
            page = model(slug=spec["slug"])
            self.apply_fields(page, spec)
            parent.add_child(instance=page)
            self.publish(page)
            self.created += 1
        elif self.reset:
            self.apply_fields(page, spec)
            self.publish(page)
            self.updated += 1
        for child in spec.get("children", []):
            self.load_page(page, child)
        return page

    def apply_fields(self, page, spec):
        relations = ("gatherings", "milestones", "form_fields", "assessment_criteria")
        skip = {"type", "slug", "children", "featured_links", *relations}
        for field, value in spec.items():
            if field not in skip:
                setattr(page, field, stream_in_block_format(page, field, convert(field, value)))
        for relation in relations:
            if relation in spec:
                model = page._meta.get_field(relation).related_model
                rows = [
                    model(**{field: convert(field, value) for field, value in row.items()})
                    for row in spec[relation]
                ]
                for row in rows:
                    # Catch what SQLite lets through and PostgreSQL refuses (lengths).
                    row.full_clean(exclude=["page", "locale"], validate_unique=False)
                setattr(page, relation, rows)

    def publish(self, page):
        page.save_revision(log_action=True).publish(log_action=True)

    # Links between pages, resolved once every page exists

    def find(self, home, path):
        page = home
        for slug in path.strip("/").split("/"):
            page = page.get_children().get(slug=slug)
        return page

    def link_home(self, home, seed):
        if home.featured_links and not self.reset:
            return
        home.featured_links = [
            {"type": "link", "value": {**link, "page": self.find(home, link["page"]).pk}}
            for link in seed["featured_links"]
        ]
        self.publish(home)

    def load_site_settings(self, home, seed):
        settings = SiteSettings.for_site(home.get_site())
        if settings.email and not self.reset:
            return
        for field, value in seed.items():
            if field.endswith("_page"):
                value = self.find(home, value)
            setattr(settings, field, value)
        settings.save()

    # Translations, through wagtail-localize's own records so editors can keep them in step

    def translate_tree(self, home, locale):
        memory = load_seed(f"translations/{locale.language_code}.json")
        translated = 0
        # Parents before children: a translation needs its parent's translation to exist.
        for page in Page.objects.descendant_of(home, inclusive=True).live().order_by("path"):
            page = page.specific
            exists = page.get_translation_or_none(locale) is not None
            if exists and not self.reset:
                continue
            source, created = TranslationSource.get_or_create_from_instance(page)
            if not created:
                source.update_from_db()
            translation, _ = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            self.translate_segments(source, locale, memory)
            # wagtail-localize would publish on commit, from a copy of the page taken before
            # its children are translated; publishing that copy later would reset the page's
            # count of children in the tree. So save a draft and publish it here and now,
            # and only when every segment is translated: an untranslated one would show
            # Norwegian text on the English page (nor is a live page's text touched before).
            save_translation_draft(translation, user=None)
            untranslated, total = untranslated_segments(translation)
            if untranslated:
                self.stdout.write(
                    self.style.WARNING(
                        f"«{page.title}» ({locale.language_code}): {untranslated} av {total} "
                        "tekstbiter mangler oversettelse; lagret som utkast, ikke publisert."
                    )
                )
                continue
            target = page.get_translation(locale)
            target.get_latest_revision().publish()
            translated += 1
        self.stdout.write(
            self.style.SUCCESS(f"Oversettelser til «{locale.language_code}»: {translated} sider.")
        )

    def translate_segments(self, source, locale, memory):
        segments = StringSegment.objects.filter(source=source).select_related("string")
        for segment in segments:
            text = memory.get(segment.string.data)
            if text is None:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
