"""Applications under load (`make load`): many valid applications at once, none lost.

Sets up the site with production settings on PostgreSQL under gunicorn, opens the seed
program's application window, and lets `--clients` concurrent clients send
`--applications` valid applications the way a browser does: GET the form (CSRF cookie),
POST each step's answers with «Neste» as multipart/form-data (the draft's cookie comes
with the first), GET the summary (signed form token), POST «Send søknad», follow the
redirect to the confirmation page and read the reference number. `--flow one-page` posts
the whole form at once instead, as the form embedded in a program page does. Then it checks
in the database that

- no request failed (form 200, each step 302, sending 302 to the confirmation,
  confirmation 200),
- exactly as many applications are stored as were acknowledged, and they are the same
  ones (tokens and reference numbers),
- every reference number is unique, and every draft the steps started was sent,
- applications from an already used municipality are marked as possible duplicates,

and prints p50/p95 latencies. Exits 1 if any check fails. It also reports the deadline rush:
the form page's GET p50/p95 while the clients are sending applications (goal: p95 under
250 ms with 20 clients), applications/s, and the CPU the server's processes, PostgreSQL and
Redis spent per application (benchmarks/proc_cpu.py), with a WARNING when other load on
the machine skews the figures.

    .venv/bin/python benchmarks/load.py [--applications 500] [--clients 20]

The spam checks stay on, but with their limits set for a test from one address: the
per-address rate limit is raised (all clients share 127.0.0.1), and the minimum time
between showing and sending the form is `--min-seconds` (0), which the clients wait.
"""

import argparse
import asyncio
import re
import sys
import time
import uuid
from datetime import date
from html.parser import HTMLParser

import harness
import proc_cpu

DATABASE = "kulturskoleradet_load"
CONFIRMATION_PATH = re.compile(r"/kvittering/([0-9a-f]{32})/$")
REFERENCE = re.compile(r'class="confirmation__reference">[^<]*<strong>([^<]+)</strong>')
FORM_P95_GOAL = 0.250  # seconds, for the form page's GET under 20 clients (issue 20)
RUSH_CLIENTS = 20


def rush_summary(form_latencies, clients, seconds, acknowledged):
    """(line, met) for the deadline rush: the form page's GET while applications are sent."""
    p50, p95 = (harness.percentile(sorted(form_latencies), p) for p in (50, 95))
    met = p95 is not None and p95 < FORM_P95_GOAL
    goal = f"goal p95 < {FORM_P95_GOAL * 1000:.0f} ms: {'ok' if met else 'NOT MET'}"
    if clients != RUSH_CLIENTS:
        goal += f", set for {RUSH_CLIENTS} clients"
    rate = acknowledged / seconds if seconds else 0.0
    return (
        f"Deadline rush: GET of the form page under {clients} clients sending applications: "
        f"p50 {harness.ms(p50)} ms, p95 {harness.ms(p95)} ms ({goal}); "
        f"{rate:.1f} applications/s"
    ), met


class HiddenInputs(HTMLParser):
    """The hidden inputs of the page's POST form: the CSRF token and the form token."""

    def __init__(self):
        super().__init__()
        self.in_post_form = False
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = (attrs.get("method") or "").lower() == "post"
        elif tag == "input" and self.in_post_form and attrs.get("type") == "hidden":
            self.values[attrs.get("name")] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


def orgnr(n):
    """A valid (MOD11) nine-digit organisation number, different for each n."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    for base in range(900_000_00 + n * 11, 900_000_00 + n * 11 + 11):
        digits = [int(d) for d in str(base)]
        check = 11 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return f"{base}{check}"
    raise AssertionError("unreachable: one of 11 consecutive bases has a check digit")


def answers_for(fields, n, municipality):
    """Valid answers for application n, by field type, as a person would fill them in."""
    answers = []
    for f in fields:
        kind, name = f["type"], f["name"]
        if kind == "section":
            continue
        if kind == "municipality":
            value = municipality
        elif kind == "orgnr":
            value = orgnr(n)
        elif kind == "phone":
            value = f"9{n:07d}"  # Norwegian mobile numbers start with 4 or 9
        elif kind == "email":
            value = f"lasttest-{n}@kommune.example.no"
        elif kind == "singleline":
            value = f"Lasttest {n}"
        elif kind == "multiline":
            value = f"Søknad nummer {n} fra lasttesten. Vi ønsker å utvikle kulturskolen."
        elif kind == "checkbox":
            value = "on"
        elif kind in ("dropdown", "radio", "checkboxes", "multiselect"):
            value = f["choices"][0]
        elif kind == "date":
            value = date.today().isoformat()
        elif kind == "datetime":
            value = f"{date.today().isoformat()} 12:00"
        elif kind == "number":
            value = "1"
        elif kind == "url":
            value = "https://kommune.example.no/"
        elif kind == "attachment":
            answers.append((name, None))  # an empty file input, as a browser sends it
            continue
        elif f["required"]:
            raise SystemExit(f"The load test cannot fill in the field type {kind!r}.")
        else:
            continue
        answers.append((name, value))
    return answers


def multipart(pairs):
    """multipart/form-data as a browser sends the form (it has a file input)."""
    boundary = f"----kulturskoleradet{uuid.uuid4().hex}"
    parts = []
    for name, value in pairs:
        if value is None:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
                "Content-Type: application/octet-stream\r\n\r\n\r\n"
            )
        else:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
    parts.append(f"--{boundary}--\r\n")
    return f"multipart/form-data; boundary={boundary}", "".join(parts).encode()


def form_steps(fields):
    """The fields of each step, cut at the section headings as forms/steps.py cuts them
    (questions before the first heading belong to the first step); [] without headings."""
    steps, leading = [], []
    for f in fields:
        if f["type"] == "section":
            steps.append([] if steps else leading)
        elif steps:
            steps[-1].append(f)
        else:
            leading.append(f)
    return steps


class Browser:
    """One applicant's cookies (CSRF, and the draft's key on the form's own path)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.origin = f"http://{harness.HOST}:{port}"

    def remember(self, response):
        for cookie in response.headers.get("set-cookie", []):
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value

    def cookie_header(self):
        return ("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))

    async def get(self, url):
        request = harness.request_bytes(url, self.port, headers=[self.cookie_header()])
        response = await harness.fetch(self.port, request)
        self.remember(response)
        return response

    async def post(self, url, pairs):
        content_type, body = multipart(pairs)
        headers = [
            ("Content-Type", content_type),
            self.cookie_header(),
            ("Origin", self.origin),
            ("Referer", self.origin + url),
        ]
        request = harness.request_bytes(url, self.port, "POST", headers, body)
        response = await harness.fetch(self.port, request)
        self.remember(response)
        return response


def hidden_inputs(html):
    parser = HiddenInputs()
    parser.feed(html)
    return parser.values


def refusal(response):
    notice = re.search(r'class="[^"]*(?:notice|error)[^"]*"[^>]*>(.*?)</', response.text, re.S)
    detail = notice.group(1).strip() if notice else response.text[:200]
    return f"answered {response.status} {response.header('location', '')} {detail!r}"


class Run:
    """Applications as a browser sends them: step by step («Neste» on each, then «Send
    søknad» on the summary), or with --flow one-page the whole form in one post (as the
    form embedded in a program page posts it)."""

    def __init__(self, port, form, args):
        self.port = port
        self.form = form
        self.args = args
        self.steps = form_steps(form["fields"]) if args.flow == "steps" else []
        self.next_number = 0
        self.form_get = harness.Tally()
        self.step_post = harness.Tally()
        self.summary_get = harness.Tally()
        self.post = harness.Tally()  # the post that sends the application
        self.confirmation = harness.Tally()
        self.whole = harness.Tally()  # every request of one application, without waiting
        self.acknowledged = {}  # token hex → reference
        self.failures = []

    def fail(self, n, what):
        self.failures.append(f"application {n}: {what}")

    async def apply(self, n):
        browser, url = Browser(self.port), self.form["url"]
        municipality = self.form["municipalities"][n % len(self.form["municipalities"])]
        response = await browser.get(url)
        if response.status != 200:
            self.form_get.fail(f"HTTP {response.status}")
            return self.fail(n, f"form page answered {response.status}")
        self.form_get.ok(response.seconds)
        spent = response.seconds
        hidden = hidden_inputs(response.text)
        if "skjema_token" not in hidden or "csrfmiddlewaretoken" not in hidden:
            return self.fail(n, f"form without its hidden fields: {sorted(hidden)}")

        for number, fields in enumerate(self.steps, start=1):
            pairs = [("csrfmiddlewaretoken", hidden["csrfmiddlewaretoken"]), ("nettsted", "")]
            pairs += [("steg", str(number)), ("handling", "neste")]
            response = await browser.post(url, pairs + answers_for(fields, n, municipality))
            if response.status != 302:
                self.step_post.fail(f"HTTP {response.status}")
                return self.fail(n, f"step {number} {refusal(response)}")
            self.step_post.ok(response.seconds)
            spent += response.seconds
        if self.steps:
            response = await browser.get(response.header("location"))
            if response.status != 200:
                self.summary_get.fail(f"HTTP {response.status}")
                return self.fail(n, f"summary answered {response.status}")
            self.summary_get.ok(response.seconds)
            spent += response.seconds
            hidden = hidden_inputs(response.text)
            answers = [("handling", "send")]
            if 'name="erklaering"' in response.text:
                answers.append(("erklaering", "on"))
        else:
            answers = answers_for(self.form["fields"], n, municipality)
        if self.args.min_seconds:
            await asyncio.sleep(self.args.min_seconds + 0.1)

        response = await browser.post(url, [*hidden.items(), ("nettsted", ""), *answers])
        location = response.header("location", "")
        token = CONFIRMATION_PATH.search(location)
        if response.status != 302 or not token:
            self.post.fail(f"HTTP {response.status}")
            return self.fail(n, f"sending {refusal(response)}")
        self.post.ok(response.seconds)
        spent += response.seconds
        self.acknowledged[token.group(1)] = None

        response = await browser.get(location)
        reference = REFERENCE.search(response.text)
        if response.status != 200 or not reference:
            self.confirmation.fail(f"HTTP {response.status}")
            return self.fail(n, f"confirmation page answered {response.status}, no reference")
        self.confirmation.ok(response.seconds)
        self.whole.ok(spent + response.seconds)
        self.acknowledged[token.group(1)] = reference.group(1)

    async def client(self):
        while self.next_number < self.args.applications:
            n = self.next_number
            self.next_number += 1  # one event loop: no lock needed
            try:
                await self.apply(n)
            except (OSError, TimeoutError, ValueError) as error:
                self.fail(n, f"{type(error).__name__}: {error}")

    async def run(self):
        async with asyncio.timeout(self.args.max_seconds):
            await asyncio.gather(*(self.client() for _ in range(self.args.clients)))


def cpu_report(before, after, client_cpu, seconds, applications, load_before):
    """Print CPU ms per application and the machine's balance; return the WARNING lines."""
    used = {f: proc_cpu.delta(before, after, f) for f in ("app", "redis", "postgres", "machine")}
    used["client"] = client_cpu

    def per_application(figure):
        value = used[figure]
        return "n/a" if value is None or not applications else f"{value / applications * 1000:.1f}"

    other = proc_cpu.other_load(
        used["machine"], [used[f] for f in ("app", "redis", "postgres", "client")], seconds
    )
    print(
        f"CPU per application, ms: server {per_application('app')}, PostgreSQL "
        f"{per_application('postgres')}, Redis {per_application('redis')}, client "
        f"{per_application('client')}; other load "
        f"{'n/a' if other is None else f'{other:.2f}'} cores"
    )
    warnings = proc_cpu.skew_warnings(load_before, other, during="the run")
    for warning in warnings:
        print(warning)
    return warnings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=500, help="how many (500)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument(
        "--min-seconds",
        type=int,
        default=0,
        help="the server's APPLICATION_MIN_SECONDS; each client waits it (0)",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=600, help="give up after this long (600)"
    )
    parser.add_argument(
        "--flow",
        default="steps",
        choices=["steps", "one-page"],
        help="step by step with the summary (steps), or the whole form in one post",
    )
    parser.add_argument("--workers", type=int, default=harness.default_workers())
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--pg", default=harness.PG_DEFAULT, help="PostgreSQL server URL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not (0 < args.applications <= 5000 and 0 < args.clients <= 200):
        raise SystemExit("Keep it bounded: applications ≤ 5000, clients ≤ 200.")

    harness.exit_on_sigterm()
    started = time.monotonic()
    load_before = harness.load_average_1()  # before the set-up's own work
    print(f"Machine: {harness.machine_summary()}; load average {harness.load_average()}")
    site = harness.Site(args.pg, DATABASE, keep=args.keep)
    problems, warnings = [], []
    try:
        print(f"Setting up {DATABASE} (migrate, seed content, static files) …", flush=True)
        print(f"  done in {site.prepare(args.pg):.0f} s")
        form = site.site_tool("open-form")
        print(
            f"Form {form['url']} (window {form['status']}, {len(form['fields'])} fields, "
            f"{len(form_steps(form['fields'])) or 'no'} steps; flow {args.flow})"
        )
        if form["status"] != "open" or form["stored_before"]:
            raise SystemExit("The form is not open, or not empty before the run.")
        server = harness.Server(
            site,
            args.workers,
            args.worker_class,
            args.threads,
            # Spam limits for a test from one address (see the docstring).
            APPLICATION_MIN_SECONDS=args.min_seconds,
            APPLICATION_RATE_LIMIT=f"{args.applications * 2 + 100}/600",
        )
        print(
            f"{server.describe()}; {args.applications} applications from {args.clients} clients …",
            flush=True,
        )
        with server:
            run = Run(server.port, form, args)
            meter = proc_cpu.meter(server.process.pid, site.cache_url, site.database)
            before = meter()
            load_started, client_cpu = time.perf_counter(), time.process_time()
            try:
                asyncio.run(run.run())
            except TimeoutError:
                problems.append(f"did not finish within --max-seconds {args.max_seconds:g}")
            load_seconds = time.perf_counter() - load_started
            client_cpu = time.process_time() - client_cpu
            after = meter()
        stored = site.site_tool("stored", str(form["page_id"]))

        acknowledged = len(run.acknowledged)
        print(
            f"\nSent in {load_seconds:.1f} s: {acknowledged} acknowledged "
            f"({acknowledged / load_seconds:.1f} applications/s), {len(run.failures)} failed"
        )
        print(f"\n{'request':<22}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for name, tally in [
            ("GET form", run.form_get),
            ("POST step («Neste»)", run.step_post),
            ("GET summary", run.summary_get),
            ("POST application", run.post),
            ("GET confirmation", run.confirmation),
            ("whole application", run.whole),
        ]:
            p50, p95, top = tally.summary(50, 95, 100)
            print(
                f"{name:<22}{len(tally.latencies):>7}{harness.ms(p50):>9}"
                f"{harness.ms(p95):>9}{harness.ms(top):>9}"
            )

        line, _ = rush_summary(run.form_get.latencies, args.clients, load_seconds, acknowledged)
        print(f"\n{line}")
        warnings = cpu_report(before, after, client_cpu, load_seconds, acknowledged, load_before)

        for failure in run.failures[:20]:
            print(f"  {failure}")
        if run.failures:
            problems.append(f"{len(run.failures)} application(s) failed")
        if acknowledged + len(run.failures) != args.applications and not problems:
            problems.append(f"only {acknowledged + len(run.failures)} of {args.applications} sent")
        if run.steps and stored["drafts_sent"] != acknowledged:
            problems.append(f"{stored['drafts_sent']} drafts sent, but {acknowledged} acknowledged")
        if stored["count"] != acknowledged:
            problems.append(f"{stored['count']} stored, but {acknowledged} acknowledged")
        if stored["all_forms"] != stored["count"]:
            problems.append(f"{stored['all_forms'] - stored['count']} stored on another form")
        if len(set(stored["references"])) != len(stored["references"]):
            problems.append("reference numbers are not unique")
        if set(stored["tokens"]) != set(run.acknowledged):
            problems.append("the stored applications are not the acknowledged ones")
        shown = {ref for ref in run.acknowledged.values() if ref}
        if shown != set(stored["references"]) and not run.failures:
            problems.append("the references shown are not the ones stored")
        expected_duplicates = max(0, acknowledged - len(form["municipalities"]))
        if not run.failures and stored["marked_duplicates"] != expected_duplicates:
            problems.append(
                f"{stored['marked_duplicates']} marked as possible duplicates, "
                f"expected {expected_duplicates}"
            )
        print(
            f"\nStored: {stored['count']}, unique references: {len(set(stored['references']))}, "
            f"marked as possible duplicates: {stored['marked_duplicates']} "
            f"(expected {expected_duplicates}); drafts: {stored['drafts']}, "
            f"of them sent: {stored['drafts_sent']}"
        )
        tracebacks = harness.count_tracebacks(site)
        if tracebacks:
            problems.append(f"the server logged {tracebacks} traceback(s)")
        if problems:
            print(server.log_tail())
            site.keep = True
            print(f"Server log: {site.log_path}")
    finally:
        site.cleanup()

    print(f"Load average at the end: {harness.load_average()}")
    print(f"Total time: {time.monotonic() - started:.0f} s")
    for warning in warnings:
        print(warning)
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: every acknowledged application is stored once, with a unique reference.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
