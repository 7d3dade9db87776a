"""One language in the admin: every screen staff use speaks bokmål to a user whose admin
language is Norwegian, Wagtail's and wagtail-localize's own words included (their gaps are
filled by locale/nb/), and the admin in English keeps working for whoever chooses it."""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import wagtail.admin
import wagtail_localize.locales
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

import pytest

from forms.models import ApplicationFormPage, ApplicationSubmission

# English that Wagtail or wagtail-localize showed on these screens before the project's
# catalogue, and the «kladd» our catalogue replaces with «utkast». Matched as whole words,
# case-sensitive («Side» and «Status» are Norwegian too).
# fmt: off
ENGLISH = [
    "Password", "Enter password", "Pages", "Page", "Dashboard", "Sync translated pages",
    "Translate this page", "Translate", "Update existing translations", "Locales",
    "Include subtree", "Submit", "Successfully updated", "snippets", "Snippets", "Inspect",
    "Inspiser", "Edit", "Delete", "Save draft", "Publish", "Publish immediately", "Unpublish",
    "Actions", "Workflow", "Workflows", "Draft", "draft", "Translations", "Translation",
    "Source", "Target", "Up to date", "Waiting for translations", "Add comment", "Comments",
    "Locked pages", "Aging pages", "Site history", "Page types usage", "History", "Settings",
    "Reports", "Cancel", "Preview", "Move", "Copy", "Search", "Filter by", "Show filters",
    "Apply filters", "Choose", "Select", "Sort", "Last published", "Last updated", "Edited by",
    "Privacy", "Visible to all", "Not visible to the public", "Approved", "Rejected",
    "In progress", "Needs changes", "Awaiting my review", "Your", "You", "This page", "Toggle",
    "Keyboard shortcuts", "Profile", "Notifications", "Theme preferences", "just now", "ago",
    "Kladd", "kladd", "Use machine translation", "Why would I sync",
    "Convert to alias", "Start Synced translation", "Stop Synced translation", "Date/Time",
    "Timeline", "Checks", "Content metrics", "Reading time", "Readability", "Words", "pages",
    "others",
]
# fmt: on
# Wagtail hides, or keeps for screen readers only, text outside these; attributes staff read
# or hear.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value"}
HIDDEN_TAGS = {"script", "style", "template", "head"}
VOID_TAGS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "use",
    "path",
}


def read_attributes(tag, attrs):
    """Labels in attributes, and the text of buttons made of <input>."""
    names = set(READ_ATTRIBUTES)
    if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
        names.add("value")
    return [attrs[name] or "" for name in names & attrs.keys()]


class _StaffText(HTMLParser):
    """What staff see or hear: text outside hidden elements, and labels in attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag in HIDDEN_TAGS or "hidden" in attrs
        if not self.hiding:
            self.parts.extend(read_attributes(tag, attrs))
        if tag not in VOID_TAGS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        if not self.hiding:
            self.parts.extend(read_attributes(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hiding:
            self.parts.append(data)

    @property
    def hiding(self):
        return any(hidden for _tag, hidden in self.stack)


def staff_text(html):
    parser = _StaffText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " | ".join(parser.parts))


def english_in(text, content_titles):
    """The known English words on the screen, leaving out the English pages' own titles."""
    for title in content_titles:
        text = text.replace(title, " ")
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.fixture
def site(seeded_site, django_user_model):
    english = Locale.objects.get(language_code="en")
    pages = {
        type(page).__name__: page
        for page in Page.objects.filter(depth__gt=1, locale__language_code="nb").specific()
    }
    # A page in «Moderatorgodkjenning» and a locked one, so the dashboard's panels, the
    # reports and the editor show their workflow and lock texts too.
    author = django_user_model.objects.create_user("forfatter", first_name="Ola")
    author.groups.add(Group.objects.get(name="Redaktører"))
    program = pages["ProgramPage"]
    program.save_revision(user=author)
    program.get_workflow().start(program, author)
    locked = pages["ContentPage"]
    locked.locked, locked.locked_by, locked.locked_at = True, author, timezone.now()
    locked.save(update_fields=["locked", "locked_by", "locked_at"])
    form_page = ApplicationFormPage.objects.get(locale__language_code="nb")
    application = ApplicationSubmission.objects.create(
        page=form_page, form_data={}, reference="VKU-2026-0001"
    )
    titles = sorted(
        (title for title in Page.objects.filter(locale=english).values_list("title", flat=True)),
        key=len,
        reverse=True,
    )
    return {"pages": pages, "english": english, "application": application, "titles": titles}


@pytest.fixture
def sign_in(django_user_model):
    """A client signed in as a staff member whose admin language is `language`."""

    def sign_in(role, language="nb"):
        groups = {
            "editor": ["Redaktører"],
            "moderator": ["Moderatorer"],
            "reviewer": ["Søknadsbehandlere"],
            "superuser": [],
        }[role]
        user = django_user_model.objects.create_user(
            f"{role}-{language}",
            password="x",
            first_name="Kari",
            last_name="Nordmann",
            is_superuser=role == "superuser",
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def page_screens(page, english):
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    return [
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.get_parent().pk}/",
        f"/admin/localize/submit/page/{page.pk}/",
        f"/admin/localize/update/{source.pk}/",
        # The English page opens in wagtail-localize's translation editor.
        f"/admin/pages/{page.get_translation(english).pk}/edit/",
    ]


def page_action_screens(page):
    """The confirmations and forms behind a page's «…» menu (or the refusal, where the role
    may not)."""
    return [
        f"/admin/pages/{page.pk}/add_subpage/",
        f"/admin/pages/add/home/contentpage/{page.pk}/",
        f"/admin/pages/{page.pk}/move/",
        f"/admin/pages/{page.pk}/copy/",
        f"/admin/pages/{page.pk}/delete/",
        f"/admin/pages/{page.pk}/unpublish/",
        f"/admin/pages/{page.pk}/privacy/",
        f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{page.pk}/workflow_history/",
    ]


EDITOR_SCREENS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=kultur",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/locked/",
    "/admin/reports/aging-pages/",
    "/admin/reports/site-history/",
    "/admin/reports/oversettelser/",
    "/admin/account/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/images/chooser/",
    "/admin/documents/chooser/",
    "/admin/choose-page/",
]
SUPERUSER_SCREENS = [
    "/admin/locales/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/snippets/",
    "/admin/settings/home/sitesettings/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/reports/page-types-usage/",
    "/admin/redirects/",
]


def english_on_screens(client, urls, titles, also=()):
    """{url: English found} for the screens that show any."""
    found = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = staff_text(response.content.decode())
        words = english_in(text, titles) + [word for word in also if word in text]
        if words:
            found[url] = words
    return found


def test_the_sign_in_page_is_norwegian(client, db):
    assert english_in(staff_text(client.get("/admin/login/").content.decode()), []) == []


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_every_screen_an_editor_or_moderator_uses_is_norwegian(site, sign_in, role):
    client = sign_in(role)
    urls = list(EDITOR_SCREENS)
    for page in site["pages"].values():
        urls += page_screens(page, site["english"])
    urls += page_action_screens(site["pages"]["StrategyPage"])
    program = site["pages"]["ProgramPage"]
    task_state = program.current_workflow_task_state
    urls += [
        f"/admin/pages/workflow/collect_action_data/{program.pk}/approve/{task_state.pk}/",
        f"/admin/pages/workflow/collect_action_data/{program.pk}/reject/{task_state.pk}/",
        f"/admin/pages/{program.pk}/workflow_history/detail/{task_state.workflow_state.pk}/",
    ]
    assert english_on_screens(client, urls, site["titles"]) == {}


def test_the_reviewers_screens_are_norwegian(site, sign_in):
    client = sign_in("reviewer")
    application = site["application"]
    urls = [
        "/admin/",
        "/admin/soknader/liste/",
        "/admin/soknader/liste/?q=finnes-ikke",
        f"/admin/soknader/liste/inspect/{application.pk}/",
        f"/admin/soknader/liste/history/{application.pk}/",
        "/admin/account/",
    ]
    # Applications are snippets to Wagtail, never to those who review them.
    snippet_words = ["snutt", "Snutt", "Inspiser"]
    assert english_on_screens(client, urls, site["titles"], also=snippet_words) == {}


def test_the_settings_screens_are_norwegian(site, sign_in):
    client = sign_in("superuser")
    assert english_on_screens(client, SUPERUSER_SCREENS, site["titles"]) == {}


def test_wagtail_localizes_messages_are_norwegian(site, sign_in):
    client = sign_in("moderator")
    program = site["pages"]["ProgramPage"]
    source = TranslationSource.objects.get(object_id=program.translation_key, locale=program.locale)
    response = client.post(f"/admin/localize/update/{source.pk}/", follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"Oversettelsene av «{program.title}» er oppdatert"]


def javascript_catalogue(client, url):
    """The translations a jsi18n script carries (none when the language needs none)."""
    script = client.get(url).content.decode()
    catalogue = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)
    return json.loads(catalogue.group(1)) if catalogue else {}


def test_the_translation_editors_javascript_strings_are_norwegian(site, sign_in):
    client = sign_in("editor")
    catalogue = javascript_catalogue(client, "/admin/localize/jsi18n/")
    assert catalogue["Translate"] == "Oversett"
    assert catalogue["Not translated"] == "Ikke oversatt"
    assert catalogue["Publish in "] == "Publiser på "
    assert catalogue["segments translated"] == "tekstbiter oversatt"
    assert javascript_catalogue(client, "/admin/jsi18n/")["Main menu"] == "Hovedmeny"


def test_no_string_of_the_admin_lacks_bokmal(db):
    """After an upgrade of Wagtail or wagtail-localize this lists what to add to locale/nb."""
    out = io.StringIO()
    call_command("missing_admin_translations", "nb", stdout=out)
    assert out.getvalue() == "django: 0\ndjangojs: 0\n"


def test_the_admin_in_english_keeps_working(site, sign_in):
    client = sign_in("editor", language="en")
    html = client.get("/admin/").content.decode()
    assert 'lang="en"' in html
    assert "Pages" in html and "Dashboard" in html
    program = site["pages"]["ProgramPage"]
    for url in page_screens(program, site["english"]):
        assert client.get(url).status_code == 200, url
    assert "Oversett" not in javascript_catalogue(client, "/admin/localize/jsi18n/").values()


# Wagtail templates the project copies only to translate the English they hard-code, and the
# changes made: each copy must stay Wagtail's template plus these changes.
NOTE = (
    "{# Wagtail's own, with the English it hard-codes translated (tests/test_admin_language.py) #}"
)
SEARCH_BUTTON = ('value="Search"', "value=\"{% trans 'Search' %}\"")
TRANSLATED_TEMPLATES = {
    "wagtailadmin/home.html": [
        ("{% load wagtailadmin_tags i18n %}", "{% load wagtailadmin_tags i18n %}" + NOTE),
        SEARCH_BUTTON,
    ],
    "wagtailadmin/shared/header.html": [
        ("{% load i18n wagtailadmin_tags %}", "{% load i18n wagtailadmin_tags %}" + NOTE),
        SEARCH_BUTTON,
    ],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}" + NOTE + "\n{# Actions divider #}"),
        ('aria-label="Actions"', "aria-label=\"{% trans 'Actions' %}\""),
    ],
    "wagtaillocales/index.html": [
        ("{% load wagtailadmin_tags i18n %}", "{% load wagtailadmin_tags i18n %}" + NOTE),
        (
            "{# TODO Make this translatable #}\n"
            "                                {{ locale.num_pages }} pages{% if locale.num_others %}"
            " + {{ locale.num_others }} others{% endif %}",
            "{% blocktrans trimmed count counter=locale.num_pages %}"
            "1 page{% plural %}{{ counter }} pages{% endblocktrans %}"
            "{% if locale.num_others %} {% blocktrans trimmed count counter=locale.num_others %}"
            "og {{ counter }} annet objekt{% plural %}og {{ counter }} andre objekter"
            "{% endblocktrans %}{% endif %}",
        ),
    ],
}


TEMPLATE_SOURCES = {
    "wagtailadmin": Path(wagtail.admin.__file__).parent / "templates",
    "wagtaillocales": Path(wagtail_localize.locales.__file__).parent / "templates",
}


@pytest.mark.parametrize("name", sorted(TRANSLATED_TEMPLATES))
def test_translated_wagtail_templates_keep_in_step_with_wagtail(name):
    """After a Wagtail upgrade: copy its template again and make the same changes."""
    template = (TEMPLATE_SOURCES[name.split("/")[0]] / name).read_text()
    for english, translated in TRANSLATED_TEMPLATES[name]:
        assert template.count(english) == 1, english
        template = template.replace(english, translated)
    assert (settings.BASE_DIR / "templates" / name).read_text() == template
