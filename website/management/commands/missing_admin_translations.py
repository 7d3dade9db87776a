"""
Lists the strings of Wagtail's and wagtail-localize's admin that have no translation in a
language, counting every catalogue Django merges (the packages' own and the project's in
LOCALE_PATHS). Run it after upgrading either package: what it lists for `nb` belongs in
locale/nb/LC_MESSAGES/django.po or djangojs.po.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation.trans_real import DjangoTranslation, translation

from babel.messages.pofile import read_po

# The packages whose JavaScript catalogues the admin loads (Wagtail's jsi18n view and
# wagtail-localize's, for its translation editor).
JAVASCRIPT_PACKAGES = ["wagtail.admin", "wagtail_localize"]


def admin_apps():
    return [app for app in apps.get_app_configs() if app.name.startswith("wagtail")]


def source_messages(app, domain):
    """The app's msgids, read from its English catalogue (the packages ship it complete)."""
    path = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return []
    with path.open("rb") as po_file:
        messages = [message for message in read_po(po_file) if message.id]
    if domain == "django":
        # wagtail-localize lists its React editor's strings in django.po too; they are
        # looked up in the JavaScript catalogue.
        messages = [
            message
            for message in messages
            if not message.locations
            or not all(name.startswith("src/") for name, _line in message.locations)
        ]
    return messages


def catalogue_key(message):
    msgid = message.id[0] if message.pluralizable else message.id
    key = f"{message.context}\x04{msgid}" if message.context else msgid
    # Plural entries are stored per form; the first form stands for all.
    return (key, 0) if message.pluralizable else key


def missing_messages(language):
    """{domain: [(app label, msgid)]} of the admin's msgids the language lacks."""
    missing = {"django": [], "djangojs": []}
    # The merged catalogue Django translates the admin's pages with.
    merged = translation(language)._catalog
    seen = set()
    for app in admin_apps():
        for message in source_messages(app, "django"):
            key = catalogue_key(message)
            if key not in merged and key not in seen:
                seen.add(key)
                missing["django"].append((app.label, message.id))
    seen = set()
    for app in admin_apps():
        if app.name not in JAVASCRIPT_PACKAGES:
            continue
        # What JavaScriptCatalog(packages=[app]) serves: the app's catalogue and LOCALE_PATHS.
        catalogue = DjangoTranslation(
            language, domain="djangojs", localedirs=[str(Path(app.path) / "locale")]
        )._catalog
        for message in source_messages(app, "djangojs"):
            key = catalogue_key(message)
            if key not in catalogue and (app.label, key) not in seen:
                seen.add((app.label, key))
                missing["djangojs"].append((app.label, message.id))
    return missing


class Command(BaseCommand):
    help = "List Wagtail's and wagtail-localize's admin strings a language does not translate."

    def add_arguments(self, parser):
        parser.add_argument("language", nargs="?", default="nb")
        parser.add_argument("--count", action="store_true", help="Only the counts.")

    def handle(self, language, count, **options):
        for domain, messages in missing_messages(language).items():
            self.stdout.write(f"{domain}: {len(messages)}")
            if count:
                continue
            for app_label, msgid in messages:
                self.stdout.write(f"  [{app_label}] {msgid!r}")
