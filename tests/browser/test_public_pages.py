"""Every public page type on a phone (390 x 844) and a laptop (1366 x 768), issue 19.

On each: axe-core clean (WCAG 2.1 A and AA), no sideways scrolling, `lang` set, one h1; on
the phone the header leaves the content near the top. The phone menu is walked with the
keyboard in test_public_keyboard.py.

The seed has no application, grant or news article, so the fixtures make, in
the running server's database, a granted application (its status page) whose grant letter
is sent, publishes the round's results (the results page), and a news article; the
program's application window is opened (`open_window`) for the form. All put back after.
"""

import json

import pytest
from playwright.sync_api import expect

from .conftest import _new_page
from .scripted_data import scripted_data
from .test_accessibility import (
    AXE_OPTIONS,
    assert_no_sideways_scrolling,
    axe,
    format_violations,
)
from .test_application_form import FORM_PATH, NEXT_TEXT, open_form, open_window  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = "390"
LAPTOP = "1366"
SCREENS = {
    PHONE: {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    LAPTOP: {"viewport": {"width": 1366, "height": 768}},
}
# On a phone the header and breadcrumbs leave the start of <main> this near the top (issue
# 19: the old header took about 260 of 844 pixels before any content).
MAX_MAIN_TOP = 200  # px

# Pages of the seed, by path; the expected HTTP status where it is not 200.
SEEDED = {
    "home": "/",
    "strategy": "/strategi/",
    "strategy_area": "/strategi/interessepolitisk-arbeid/",
    "privacy": "/personvern/",
    "accessibility_statement": "/tilgjengelighetserklaering/",
    "program_index": "/program/",
    "program": "/program/veiledning-for-kulturskoleutvikling/",
    "search_hits": "/sok/?q=kulturskole",
    "search_no_hits": "/sok/?q=xylofonorkesterkvantefysikk",
    "news_index": "/nyheter/",
    "newsletter": "/nyhetsvarsel/",
    "en_home": "/en/",
    "en_news_index": "/en/news/",
}
STATUS = {"not_found": ("/finnes-ikke/", 404)}
# Pages a fixture makes (by the fixture's name); their paths come from its script.
SCRIPTED = {
    "status": "application_rows",
    "results": "application_rows",
    "news_article": "news_rows",
}
FORMS = ["form", "form_with_errors"]

REFERENCE = "VKU-2026-0981"
ARTICLE_SLUG = "nettleserprove-nyhet"
DATA = json.dumps({"reference": REFERENCE, "article": ARTICLE_SLUG})

# Run in `manage.py shell` with the server's environment and PUBLIC_ROWS (JSON).
CREATE = """
import json, os
from wagtail.models import Site
from applications.reply_letters import REPLY_LETTER, queue_reply_letters
from applications.results import publish_results
from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality, ReplyLetter
from forms.status_links import status_url
from website import outgoing_mail

data = json.loads(os.environ["PUBLIC_ROWS"])
site = Site.objects.get(is_default_site=True)
form = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
ApplicationSubmission.objects.filter(reference=data["reference"]).delete()
granted = ApplicationSubmission.objects.create(
    page=form, reference=data["reference"], municipality=Municipality.objects.get(number="4601"),
    contact_name="Kari Nordmann", applicant_email="kari@bergen.kommune.no",
    form_data={"navn": "Kari Nordmann"},
    field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
    status="innvilget",
)
queue_reply_letters([granted], None)
for letter in ReplyLetter.objects.unsent().filter(submission=granted):
    outgoing_mail.send(REPLY_LETTER, letter.pk)
results = publish_results(form, None)
print("PATHS " + json.dumps({
    "status": "/" + status_url(granted).split("/", 3)[3],
    "results": results.relative_url(site),
}))
"""

CREATE_ARTICLE = """
import json, os
from wagtail.models import Site
from news.models import NewsArticlePage, NewsIndexPage

data = json.loads(os.environ["PUBLIC_ROWS"])
index = NewsIndexPage.objects.get(locale__language_code="nb")
NewsArticlePage.objects.filter(slug=data["article"]).delete()
article = NewsArticlePage(
    title="Nye kommuner med i kulturskoleutviklingen", slug=data["article"],
    lead="Tolv kommuner begynner i programmet Veiledning for kulturskoleutvikling i høst.",
    body=[("paragraph", "<p>Kommunegruppene møtes første gang på Gardermoen.</p>")],
)
index.add_child(instance=article)
article.save_revision().publish()
print("PATHS " + json.dumps({
    "news_article": article.relative_url(Site.objects.get(is_default_site=True)),
}))
"""

DELETE = """
import json, os
from wagtail.models import ModelLogEntry
from applications.results_page import ResultsPage
from forms.models import ApplicationFormPage, ApplicationSubmission

data = json.loads(os.environ["PUBLIC_ROWS"])
form = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
for page in ResultsPage.objects.child_of(form):
    page.delete()
for application in ApplicationSubmission.objects.filter(reference=data["reference"]):
    ModelLogEntry.objects.for_instance(application).delete()
    application.delete()
print("DELETED")
"""

DELETE_ARTICLE = """
import json, os
from news.models import NewsArticlePage

NewsArticlePage.objects.filter(slug=json.loads(os.environ["PUBLIC_ROWS"])["article"]).delete()
print("DELETED")
"""


@pytest.fixture(scope="module")
def application_rows(manage):
    yield from scripted_data(manage, CREATE, DELETE, "PUBLIC_ROWS", DATA)


@pytest.fixture(scope="module")
def news_rows(manage):
    yield from scripted_data(manage, CREATE_ARTICLE, DELETE_ARTICLE, "PUBLIC_ROWS", DATA)


@pytest.fixture(scope="module")
def screens(browser, base_url):
    """One browser context per screen size for the whole module (a page each)."""
    opened = {name: _new_page(browser, base_url, **options) for name, options in SCREENS.items()}
    yield {name: page for name, (_context, page) in opened.items()}
    for context, _page in opened.values():
        context.close()


def visit(page, path, expected_status=200):
    response = page.goto(path)
    assert response is not None and response.status == expected_status, (
        f"GET {path}: HTTP {response.status if response else 'no response'}"
    )


def check_public_page(page, what, lang="nb"):
    """The rules every public page keeps, at whatever size `page` has."""
    # The stylesheet loaded (the skip link is moved off screen), or axe would test bare HTML.
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('a[href=\"#main\"]')).position"
    ) in ("absolute", "fixed"), f"{what}: the stylesheet did not load"
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"
    assert_no_sideways_scrolling(page, what)
    assert page.evaluate("() => document.documentElement.lang") == lang, f"{what}: lang"
    assert page.locator("h1").count() == 1, f"{what}: not exactly one h1"
    if page.viewport_size["width"] <= int(PHONE):
        # From the top of the document: a page with errors scrolls to its summary.
        top = page.evaluate(
            "() => document.querySelector('main').getBoundingClientRect().top + scrollY"
        )
        assert top <= MAX_MAIN_TOP, f"{what}: the content starts {top:.0f}px down on a phone"


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", SEEDED)
def test_seeded_page(screens, name, screen):
    page = screens[screen]
    visit(page, SEEDED[name])
    check_public_page(page, f"{name} at {screen}px", lang="en" if name.startswith("en_") else "nb")


@pytest.mark.parametrize("screen", SCREENS)
def test_not_found_page(screens, screen):
    page = screens[screen]
    path, status = STATUS["not_found"]
    visit(page, path, status)
    check_public_page(page, f"404 at {screen}px")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vi fant ikke siden")


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", SCRIPTED)
def test_page_with_rows(request, screens, name, screen):
    page = screens[screen]
    visit(page, request.getfixturevalue(SCRIPTED[name])[name])
    check_public_page(page, f"{name} at {screen}px")


@pytest.mark.usefixtures("open_window")
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("with_errors", [False, True], ids=FORMS)
def test_application_form(screens, with_errors, screen):
    page = screens[screen]
    open_form(page)
    if with_errors:
        page.get_by_role("button", name=NEXT_TEXT, exact=True).click()
        page.wait_for_load_state()
        assert page.title().startswith("Feil: "), "An empty step was accepted"
    check_public_page(page, f"{FORM_PATH} {'with errors ' if with_errors else ''}at {screen}px")
