"""Norwegian first, English through wagtail-localize."""

import datetime
import io
import json

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from home.locales import sync_locales
from home.management.commands.load_initial_data import SEED_DIR
from home.models import ContentPage, HomePage
from program.models import ProgramPage
from tests.text import visible_text

ENGLISH_MEMORY = json.loads((SEED_DIR / "translations" / "en.json").read_text(encoding="utf-8"))

# (Norwegian URL, English URL) for one page of every type.
PAGE_PAIRS = [
    ("/", "/en/"),
    ("/strategi/", "/en/strategy/"),
    ("/strategi/interessepolitisk-arbeid/", "/en/strategy/advocacy/"),
    ("/program/", "/en/programmes/"),
    (
        "/program/veiledning-for-kulturskoleutvikling/",
        "/en/programmes/guidance-for-kulturskole-development/",
    ),
    ("/personvern/", "/en/privacy/"),
    ("/tilgjengelighetserklaering/", "/en/accessibility-statement/"),
    (
        "/program/veiledning-for-kulturskoleutvikling/soknad/",
        "/en/programmes/guidance-for-kulturskole-development/application/",
    ),
]


def english(norwegian):
    return ENGLISH_MEMORY[norwegian]


def page_at(url):
    path = "/home" + url if not url.startswith("/en/") else "/home-en/" + url[4:]
    return Page.objects.get(url_path=path).specific


def test_every_seeded_page_is_translated_through_wagtail_localize(seeded_site):
    english_locale = Locale.objects.get(language_code="en")
    norwegian_pages = Page.objects.filter(locale__language_code="nb", depth__gte=2).specific()
    assert norwegian_pages.count() == 11  # with the news index
    for page in norwegian_pages:
        source = TranslationSource.objects.get(object_id=page.translation_key)
        translation = Translation.objects.get(source=source, target_locale=english_locale)
        assert translation.enabled
        target = page.get_translation(english_locale)
        assert target.live
        assert target.title == english(page.title)
        # Every segment has its English string in wagtail-localize's tables.
        total, translated = translation.get_progress()
        assert total == translated > 0, page.title
        assert StringTranslation.objects.filter(locale=english_locale).exists()


def test_english_pages_carry_english_text(seeded_site, client):
    text = visible_text(client.get("/en/strategy/").content.decode())
    assert "Into the future with the kulturskole" in text
    assert english("Strategiområder") in text
    assert "Strategiområder" not in text


def test_program_dates_are_synchronised_not_translated(seeded_site):
    norwegian = page_at("/program/veiledning-for-kulturskoleutvikling/")
    translated = norwegian.get_translation(Locale.objects.get(language_code="en"))
    for field in [
        "program_start",
        "program_end",
        "application_opens",
        "application_closes",
        "information_webinar",
        "reply_date",
    ]:
        assert getattr(translated, field) == getattr(norwegian, field), field
    pairs = list(zip(norwegian.sorted_gatherings, translated.sorted_gatherings, strict=True))
    assert len(pairs) == 7
    for nb_gathering, en_gathering in pairs:
        assert (
            en_gathering.date,
            en_gathering.start_time,
            en_gathering.end_time,
            en_gathering.mode,
        ) == (nb_gathering.date, nb_gathering.start_time, nb_gathering.end_time, nb_gathering.mode)
        assert en_gathering.title == english(nb_gathering.title)
        assert en_gathering.translation_key == nb_gathering.translation_key


def test_changed_norwegian_page_shows_as_out_of_date_and_sync_carries_dates(
    seeded_site, admin_client, django_capture_on_commit_callbacks
):
    norwegian = page_at("/program/veiledning-for-kulturskoleutvikling/")
    report = visible_text(admin_client.get("/admin/reports/oversettelser/").content.decode())
    assert "Veiledning for kulturskoleutvikling Oppdatert" in report

    norwegian.reply_date = datetime.date(2026, 5, 4)
    norwegian.intro = "En ny ingress som ikke er oversatt ennå."
    norwegian.save_revision().publish()

    report = visible_text(admin_client.get("/admin/reports/oversettelser/").content.decode())
    assert "Veiledning for kulturskoleutvikling Utdatert – synkroniser" in report
    assert "Med kulturskolen inn i fremtiden Oppdatert" in report

    # «Synkroniser oversatte sider», wagtail-localize's own update view.
    source = TranslationSource.objects.get(object_id=norwegian.translation_key)
    with django_capture_on_commit_callbacks(execute=True):  # it publishes on commit
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    english_page = ProgramPage.objects.get(
        pk=norwegian.get_translation(Locale.objects.get(language_code="en")).pk
    )
    # The new sentence waits for a translator in the translation editor, and until then the
    # English page is not published with Norwegian text in it (test_translation_publish_guard).
    translation = Translation.objects.get(source=source)
    total, translated = translation.get_progress()
    assert total - translated == 1
    assert "En ny ingress" not in english_page.intro
    report = visible_text(admin_client.get("/admin/reports/oversettelser/").content.decode())
    assert f"Veiledning for kulturskoleutvikling Uoversatte tekstbiter: 1 av {total}" in report
    # Editing the English page opens wagtail-localize's translation editor.
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english_page.pk]))
    assert edit.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in edit.templates]


def test_report_lists_pages_without_translation(seeded_site, admin_client, home_page):
    page = ContentPage(title="Nyheter om kulturskolen", slug="nytt-om-kulturskolen")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    report = visible_text(admin_client.get("/admin/reports/oversettelser/").content.decode())
    assert "Nyheter om kulturskolen Mangler oversettelse" in report


def test_report_is_not_for_application_reviewers(seeded_site, client, django_user_model):
    reviewer = django_user_model.objects.create_user("behandler", password="x")
    reviewer.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    client.force_login(reviewer)
    assert client.get("/admin/reports/oversettelser/").status_code in (302, 403)


def test_editors_may_translate(db):
    for name in ["Redaktører", "Moderatorer"]:
        codenames = Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        assert "submit_translation" in codenames


# The public side


@pytest.mark.parametrize(("nb_url", "en_url"), PAGE_PAIRS)
def test_language_switcher_and_hreflang_on_every_page_type(seeded_site, client, nb_url, en_url):
    for url, lang, other_url, other_lang in [
        (nb_url, "nb", en_url, "en"),
        (en_url, "en", nb_url, "nb"),
    ]:
        html = client.get(url).content.decode()
        assert f'<html lang="{lang}">' in html
        switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
        assert f'<a href="{other_url}" lang="{other_lang}" hreflang="{other_lang}">' in switcher
        assert f'<a href="{url}" lang="{lang}" hreflang="{lang}" aria-current="true">' in switcher
        # Absolute URLs from the Site record (localhost:80 here), not the Host header.
        assert f'<link rel="alternate" hreflang="{lang}" href="http://localhost{url}">' in html
        assert (
            f'<link rel="alternate" hreflang="{other_lang}" href="http://localhost{other_url}">'
        ) in html
        x_default = f'<link rel="alternate" hreflang="x-default" href="http://localhost{nb_url}">'
        assert x_default in html


def test_page_without_translation_links_to_the_other_home_page(seeded_site, client, home_page):
    page = ContentPage(title="Bare på norsk", slug="bare-norsk")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/bare-norsk/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in switcher
    # No hreflang for a translation that does not exist.
    assert 'hreflang="en" href=' not in html.split("</head>")[0]


def test_english_interface_strings(seeded_site, client):
    html = client.get("/en/").content.decode()
    assert ">Skip to main content</a>" in html
    assert 'aria-label="Main menu"' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    nb_html = client.get("/").content.decode()
    assert ">Hopp til hovedinnholdet</a>" in nb_html
    assert '<meta property="og:locale" content="nb_NO">' in nb_html


def test_dates_are_written_the_way_each_language_writes_them(seeded_site, client):
    nb_text = visible_text(client.get(PAGE_PAIRS[4][0]).content.decode())
    en_text = visible_text(client.get(PAGE_PAIRS[4][1]).content.decode())
    assert "Søknadsfrist: 13. april 2026 kl. 23.59" in nb_text
    assert "Application deadline: 13 April 2026 at 23:59" in en_text
    assert "Onsdag 26. august 2026, kl. 10–13, Digital KickOff" in nb_text
    assert "Wednesday 26 August 2026, 10:00–13:00, Digital kick-off" in en_text
    assert "19. mars: Informasjonswebinar + Søknadsportalen åpner" in nb_text
    assert "19 March: Information webinar + Applications open" in en_text
    assert "Programperiode: August 2026 – desember 2027" in nb_text
    assert "Programme period: August 2026 – December 2027" in en_text


def test_search_is_per_locale(seeded_site, client):
    def titles(url, query):
        html = client.get(url, {"q": query}).content.decode()
        if '<ol class="search-results">' not in html:
            return []
        results = html.split('<ol class="search-results">')[1].split("</ol>")[0]
        return [visible_text(item.split("</a>")[0]) for item in results.split("<h3>")[1:]]

    # «Gardermoen» is a place name, so it is in both languages' text.
    assert titles("/sok/", "Gardermoen") == ["Veiledning for kulturskoleutvikling"]
    assert titles("/en/sok/", "Gardermoen") == ["Guidance for kulturskole development"]
    assert titles("/en/sok/", "Kulturskolerådet")
    assert all(not t.startswith("Med kulturskolen") for t in titles("/en/sok/", "Kulturskolerådet"))
    assert "Search results" in client.get("/en/sok/", {"q": "x"}).content.decode()


def test_sitemap_lists_both_locales(seeded_site, client):
    xml = client.get("/sitemap.xml").content.decode()
    for nb_url, en_url in PAGE_PAIRS:
        assert f"<loc>http://localhost{nb_url}</loc>" in xml
        assert f"<loc>http://localhost{en_url}</loc>" in xml


def test_english_404(seeded_site, client):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "We could not find the page" in response.content.decode()


# Locales are configuration

NYNORSK = [("nb", "Norsk bokmål"), ("en", "English"), ("nn", "Norsk nynorsk")]


@override_settings(LANGUAGES=NYNORSK, WAGTAIL_CONTENT_LANGUAGES=NYNORSK)
def test_a_locale_is_added_by_configuration_alone(seeded_site, client):
    sync_locales()  # what `manage.py migrate` does after every run
    nynorsk = Locale.objects.get(language_code="nn")
    home = HomePage.objects.get(locale__language_code="nb")
    # An editor translates the home page into nynorsk in the admin; here through the same
    # wagtail-localize machinery (untranslated strings fall back to bokmål).
    source, _ = TranslationSource.get_or_create_from_instance(home)
    Translation.objects.create(source=source, target_locale=nynorsk).save_target(publish=False)
    home.get_translation(nynorsk).get_latest_revision().publish()

    html = client.get("/nn/").content.decode()
    assert '<html lang="nn">' in html
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'hreflang="nn" aria-current="true">Norsk nynorsk</a>' in switcher
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in switcher
    assert '<a href="/" lang="nb" hreflang="nb">Norsk bokmål</a>' in switcher
    assert "4. mai" not in html  # nothing odd; dates below use nynorsk formats
    assert client.get("/nn/sok/", {"q": "kultur"}).status_code == 200


# The admin


def test_admin_is_bokmal_by_default_and_english_by_choice(admin_client, admin_user):
    assert 'lang="nb"' in admin_client.get("/admin/").content.decode()
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    html = admin_client.get("/admin/").content.decode()
    assert 'lang="en"' in html
    assert "Pages" in html


def test_seed_translations_are_idempotent(seeded_site):
    before = Page.objects.count(), StringTranslation.objects.count()
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert (Page.objects.count(), StringTranslation.objects.count()) == before
    assert "Oversettelser til «en»: 0 sider." in out.getvalue()
