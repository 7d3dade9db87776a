"""Lighthouse (mobile, its default) over every public page type, with the four scores.

The site runs as in production (harness.Site and harness.Server: gunicorn, production
settings, a fresh PostgreSQL database with the seed content, Redis as the cache). Rows the
seed lacks are made first: the program's window opened (its form), a granted application
whose letter is sent (its status page), the round's results, a news article. Lighthouse is
the pinned npm package (package.json; `make lighthouse` runs `npm ci`), in /usr/bin/chromium.

    python benchmarks/lighthouse.py [--pages home program] [--reports DIR]

Prints a table of performance, accessibility, best practices and SEO per page and, for any
category below 100, the audits that cost it points. Exits 1 if a score is under its
threshold: 100 for accessibility, best practices and SEO; --min-performance (90) for
performance, whose score depends on how busy the machine is.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    HOST,
    PG_DEFAULT,
    REPO,
    Server,
    Site,
    exit_on_sigterm,
    load_average,
    machine_summary,
)

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUN_TIMEOUT = 180  # seconds per page

# Page type -> path on the seeded site; None: made by ROWS and filled in from its output.
PAGES = {
    "home": "/",
    "strategy": "/strategi/",
    "strategy_area": "/strategi/interessepolitisk-arbeid/",
    "privacy": "/personvern/",
    "accessibility_statement": "/tilgjengelighetserklaering/",
    "program_index": "/program/",
    "program": "/program/veiledning-for-kulturskoleutvikling/",
    "form": "/program/veiledning-for-kulturskoleutvikling/soknad/",
    "status": None,
    "results": None,
    "search_hits": "/sok/?q=kulturskole",
    "search_no_hits": "/sok/?q=xylofonorkesterkvantefysikk",
    "not_found": "/finnes-ikke/",
    "news_index": "/nyheter/",
    "news_article": None,
    "newsletter": "/nyhetsvarsel/",
    "en_home": "/en/",
}

# Audits a page fails on purpose, with why; a category that loses points only to these passes.
# Pages that say `noindex` (personal, result-list and form pages) are not crawlable, and a
# description is for a search engine's snippet, which they never get. The 404 page answers 404,
# which Lighthouse also logs as a console error.
NOINDEX = {"is-crawlable": "noindex on purpose", "meta-description": "noindex: no snippet"}
ON_PURPOSE = {
    "status": NOINDEX,
    "search_hits": NOINDEX,
    "search_no_hits": NOINDEX,
    "not_found": {
        **NOINDEX,
        "http-status-code": "the 404 page",
        "errors-in-console": "the 404 page's own status",
    },
}

# Run in `manage.py shell` on the fresh database. Prints the made pages' paths after «PATHS ».
ROWS = """
import json
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Site
from applications.reply_letters import REPLY_LETTER, queue_reply_letters
from applications.results import publish_results
from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality, ReplyLetter
from forms.status_links import status_url
from program.models import ProgramPage
from website import outgoing_mail

site = Site.objects.get(is_default_site=True)
program = ProgramPage.objects.get(
    slug="veiledning-for-kulturskoleutvikling", locale__language_code="nb"
)
program.application_opens = timezone.now() - timedelta(days=1)
program.application_closes = timezone.now() + timedelta(days=30)
program.save_revision().publish()
form = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
granted = ApplicationSubmission.objects.create(
    page=form, reference="VKU-2026-0991", municipality=Municipality.objects.get(number="4601"),
    contact_name="Kari Nordmann", applicant_email="kari@bergen.kommune.no",
    form_data={"navn": "Kari Nordmann"},
    field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
    status="innvilget",
)
queue_reply_letters([granted], None)
for letter in ReplyLetter.objects.unsent().filter(submission=granted):
    outgoing_mail.send(REPLY_LETTER, letter.pk)
paths = {
    "status": "/" + status_url(granted).split("/", 3)[3],
    "results": publish_results(form, None).relative_url(site),
}
from news.models import NewsArticlePage, NewsIndexPage

article = NewsArticlePage(
    title="Nye kommuner med i kulturskoleutviklingen", slug="nye-kommuner",
    lead="Tolv kommuner begynner i programmet Veiledning for kulturskoleutvikling i høst.",
    body=[("paragraph", "<p>Kommunegruppene møtes første gang på Gardermoen.</p>")],
)
NewsIndexPage.objects.get(locale__language_code="nb").add_child(instance=article)
article.save_revision().publish()
paths["news_article"] = article.relative_url(site)
print("PATHS " + json.dumps(paths))
"""


def require_tools():
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            f"Lighthouse is not installed ({LIGHTHOUSE} is missing): run `make lighthouse`, "
            "which runs `npm ci` (Node.js 18.16 or newer) first."
        )
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (set CHROME_PATH).")


def make_rows(site):
    output = site.run("manage.py", "shell", "-c", ROWS)
    lines = [line for line in output.splitlines() if line.startswith("PATHS ")]
    if not lines:
        raise SystemExit(f"The rows script printed no paths:\n{output[-2000:]}")
    return json.loads(lines[-1].removeprefix("PATHS "))


# Lighthouse itself sometimes loses the trace of a page load (NO_NAVSTART, NO_FCP) on a busy
# machine; such a run says nothing about the page, so it is run again, a few times at most.
ATTEMPTS = 3


def run_lighthouse(url, report_path):
    """The parsed report of one Lighthouse run that recorded the page load."""
    for attempt in range(1, ATTEMPTS + 1):
        report_path.unlink(missing_ok=True)
        report, error = lighthouse_once(url, report_path)
        if report is not None and not report.get("runtimeError"):
            return report
        error = error or report["runtimeError"].get("message", "")
        print(f"    Lighthouse run {attempt} of {ATTEMPTS} recorded nothing: {error[-300:]}")
    raise SystemExit(f"Lighthouse failed on {url} {ATTEMPTS} times:\n{error[-3000:]}")


def lighthouse_once(url, report_path):
    """One Lighthouse run (mobile, simulated throttling: its defaults): (report, error)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--ignore-status-code",  # the 404 page is a page type too
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if result.returncode != 0 or not report_path.exists():
        return None, result.stderr
    return json.loads(report_path.read_text(encoding="utf-8")), ""


def scores(report):
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def lost_points(report, category):
    """The ids of the audits with weight in `category` that did not pass, with their score."""
    audits = report["audits"]
    return {
        ref["id"]: round(audits[ref["id"]]["score"] * 100)
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"]
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    }


def threshold(category, min_performance):
    return min_performance if category == "performance" else 100


def print_table(results):
    width = max(len(name) for name in results) + 2
    print("\n" + "page".ljust(width) + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, (figures, _report) in results.items():
        print(name.ljust(width) + "".join(f"{figures[c]:>16}" for c in CATEGORIES))


def main():
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL (no database)")
    parser.add_argument("--database", default="kulturskoleradet_lighthouse")
    parser.add_argument("--pages", nargs="*", choices=PAGES, help="only these page types")
    parser.add_argument("--min-performance", type=int, default=90)
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--keep", action="store_true", help="keep the site's temporary folder")
    args = parser.parse_args()
    require_tools()

    print(machine_summary())
    site = Site(args.pg, args.database, keep=args.keep)
    reports = args.reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    results = {}
    try:
        print(f"Preparing the site (database {args.database}) ...", flush=True)
        site.prepare(args.pg)
        paths = {**PAGES, **make_rows(site)}
        with Server(site, workers=2) as server:
            for name in args.pages or PAGES:
                url = f"http://{HOST}:{server.port}{paths[name]}"
                started = time.monotonic()
                report = run_lighthouse(url, reports / f"{name}.json")
                results[name] = (scores(report), report)
                print(
                    f"  {name}: {results[name][0]} in {time.monotonic() - started:.0f} s",
                    flush=True,
                )
    finally:
        site.cleanup()
        if not args.reports:
            shutil.rmtree(reports, ignore_errors=True)

    print_table(results)
    print(f"\nLoad average after the runs: {load_average()}")
    failures = []
    for name, (figures, report) in results.items():
        allowed = ON_PURPOSE.get(name, {})
        for category in CATEGORIES:
            if figures[category] == 100:
                continue
            lost = lost_points(report, category)
            print(f"  {name} {category} {figures[category]}: ", end="")
            print(
                ", ".join(
                    f"{audit} ({score}{'; ' + allowed[audit] if audit in allowed else ''})"
                    for audit, score in lost.items()
                )
                or "(no single audit)"
            )
            on_purpose = lost and set(lost) <= set(allowed)
            if figures[category] < threshold(category, args.min_performance) and not on_purpose:
                failures.append(f"{name} {category} {figures[category]}")
    if failures:
        print("\nBelow the threshold: " + "; ".join(failures))
        return 1
    print(f"\nAll {len(results)} pages at or above the thresholds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
