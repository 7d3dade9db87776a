"""A real database outage: the site under gunicorn with the production settings, on a
PostgreSQL cluster of its own (tests/postgres_cluster.py), applications sent over HTTP, and
the database stopped while they are in flight. Nothing is lost or half stored, visitors get
the Norwegian 503 page, and the site comes back by itself.
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

import psycopg
import pytest
import redis

from tests.outage_helpers import Visitor, assert_unavailable_page, confirmation_code
from tests.postgres_cluster import Cluster, free_port, require_service
from tests.text import visible_text

PROJECT_DIR = Path(settings.BASE_DIR)
DATABASE_NAME = "kulturskoleradet"
WORKERS = 2  # gunicorn's
# Several workers share their cache, as production's must (gunicorn refuses to start them
# without CACHE_URL): a Redis database of this test's own, under a prefix per run.
REDIS_URL = "redis://127.0.0.1:6379/12"

# Run inside the site (manage.py shell): open the seed program's application window around
# now, and print the form's address and a valid answer for each of its fields.
OPEN_THE_FORM = """
import json
from datetime import timedelta
from django.utils import timezone
from forms.models import ApplicationFormPage

page = ApplicationFormPage.objects.get(slug="soknad", locale__language_code="nb")
program = page.get_parent().specific
program.application_opens = timezone.now() - timedelta(days=1)
program.application_closes = timezone.now() + timedelta(days=30)
program.save_revision().publish()
by_type = {"municipality": "4601", "orgnr": "974760673", "email": "kari@bergen.kommune.no",
           "phone": "55 56 55 60", "checkbox": "on"}
answers = {}
for f in page.get_form_fields():
    if f.field_type in ("section", "attachment"):
        continue
    choices = [c.strip() for c in f.choices.splitlines() if c.strip()]
    answers[f.clean_name] = by_type.get(f.field_type, choices[0] if choices else "Svar")
print(json.dumps({"url": page.url, "answers": answers}))
"""


@dataclass
class Site:
    url: str  # the application form's address
    answers: dict
    port: int
    cluster: Cluster
    server: subprocess.Popen
    server_log: Path

    def log_tail(self):
        return self.server_log.read_text(errors="replace")[-4000:]

    def filled_in(self, reply):
        """The form page's hidden fields (CSRF, the form's own token) with the answers."""
        hidden = dict(
            re.findall(r'name="(csrfmiddlewaretoken|skjema_token)" value="([^"]+)"', reply.html)
        )
        assert set(hidden) == {"csrfmiddlewaretoken", "skjema_token"}
        return {**self.answers, **hidden}

    def open_form(self, visitor):
        reply = visitor.get(self.url)
        assert reply.status == 200, (reply.status, reply.html[:2000], self.log_tail())
        return self.filled_in(reply)

    def query(self, sql):
        with psycopg.connect(self.cluster.url(DATABASE_NAME)) as conn:
            return conn.execute(sql).fetchall()


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture
def site(postgres_cluster, tmp_path):
    """The site on gunicorn with the production settings, on its own PostgreSQL cluster."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError as error:
        require_service(f"no Redis on 127.0.0.1:6379 ({error})")
    cluster = postgres_cluster
    root = tmp_path  # static files, uploads and gunicorn's log
    server = None
    cache_prefix = f"ksr-outage-{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE_NAME}")
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "DATABASE_URL": cluster.url(DATABASE_NAME),
            "DB_CONN_MAX_AGE": "60",  # production's persistent connections, health-checked
            "CACHE_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": cache_prefix,
            "SECRET_KEY": "outage-test-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front here
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "APPLICATION_MIN_SECONDS": "0",
            "APPLICATION_RATE_LIMIT": "10000/600",  # every visitor here is 127.0.0.1
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
            "PRIVATE_MEDIA_ROOT": str(root / "private"),
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "collectstatic", "--noinput")  # the manifest production's templates need
        manage(env, "migrate", "--noinput")
        manage(env, "load_initial_data")
        form = json.loads(manage(env, "shell", "-c", OPEN_THE_FORM).strip().splitlines()[-1])
        server_log = root / "gunicorn.log"
        with server_log.open("w") as log:
            server = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "website.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(WORKERS),
                    "--timeout",
                    "30",
                ],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        site = Site(form["url"], form["answers"], port, cluster, server, server_log)
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn exited:\n{site.log_tail()}"
            try:
                if Visitor(port).get(form["url"]).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"gunicorn did not answer:\n{site.log_tail()}"
            time.sleep(0.2)
        yield site
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with redis.Redis.from_url(REDIS_URL) as cache_server:
            for key in cache_server.scan_iter(f"{cache_prefix}:*"):
                cache_server.delete(key)


def new_application(site):
    """A new visitor who has opened the form and filled it in: (visitor, form)."""
    visitor = Visitor(site.port)
    return visitor, site.open_form(visitor)


def wait_until(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def stored_applications(site):
    rows = site.query(
        "SELECT submission_token, reference, form_data, field_labels "
        "FROM forms_applicationsubmission"
    )
    counters = site.query("SELECT prefix, year, last_number FROM forms_referencecounter")
    return rows, counters


@pytest.mark.postgresql_only(
    reason="Runs its own PostgreSQL cluster; CI runs it in the PostgreSQL step (make "
    "test-postgres).",
)
def test_a_database_outage_loses_and_half_stores_nothing_and_the_site_recovers(site):
    acknowledged = set()  # confirmation codes the applicants were sent to

    def send(visitor, form):
        reply = visitor.post(site.url, form)
        if code := confirmation_code(reply):
            acknowledged.add(code)
        return reply

    # Before: applications go through.
    for _ in range(3):
        assert confirmation_code(send(*new_application(site))), site.log_tail()
    # Forms opened before the outage: sent as it starts, and during it.
    in_flight = [new_application(site) for _ in range(WORKERS)]
    sent_during = [new_application(site) for _ in range(2)]

    # Every worker is inside an application's transaction, waiting for the reference counter
    # (held here, as a slower applicant's transaction would), when the database crashes.
    holder = psycopg.connect(site.cluster.url(DATABASE_NAME))
    holder.execute("SELECT * FROM forms_referencecounter FOR UPDATE")
    replies = [None] * len(in_flight)

    def post(index):
        replies[index] = in_flight[index][0].post(site.url, in_flight[index][1])

    posting = [threading.Thread(target=post, args=(i,)) for i in range(len(in_flight))]
    for thread in posting:
        thread.start()
    try:
        wait_until(
            lambda: (
                site.query(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )[0][0]
                == len(in_flight)
            ),
            "the applications to reach the reference counter",
        )
        site.cluster.stop("immediate")
    finally:
        holder.close()
        for thread in posting:
            thread.join(60)
    for reply in replies:
        assert_unavailable_page(reply.status, reply.headers, reply.html)

    # During the outage: the Norwegian 503 page, whatever the request.
    for visitor, form in sent_during:
        reply = send(visitor, form)
        assert_unavailable_page(reply.status, reply.headers, reply.html)
    for url in (site.url, "/finnes-ikke/", "/en/"):
        reply = Visitor(site.port).get(url)
        assert_unavailable_page(reply.status, reply.headers, reply.html)
    # The load balancer's readiness check says so and takes the server out of rotation;
    # the liveness check still says the process is up, so it is not restarted for nothing.
    ready = Visitor(site.port).get("/readyz")
    assert ready.status == 503
    assert ready.html == "database: unavailable\ncache: ok\n"
    assert Visitor(site.port).get("/healthz").status == 200

    # The database comes back. Nothing of the cut-off applications was kept: only the
    # acknowledged ones are stored, and the counter counted only them.
    site.cluster.start()
    rows, counters = stored_applications(site)
    assert {token.hex for token, *_ in rows} == acknowledged
    assert [last_number for *_, last_number in counters] == [3]

    # The same server serves and accepts again at once, without a restart.
    ready = Visitor(site.port).get("/readyz")
    assert (ready.status, ready.html) == (200, "database: ok\ncache: ok\n")
    for _ in range(2 * WORKERS):
        assert Visitor(site.port).get(site.url).status == 200, site.log_tail()
    # Those told «send again» do so from the form they still have (the Back button).
    for visitor, form in in_flight + sent_during:
        assert confirmation_code(send(visitor, form)), site.log_tail()
    for _ in range(3):
        assert confirmation_code(send(*new_application(site))), site.log_tail()
    code = next(iter(acknowledged))
    confirmation = Visitor(site.port).get(f"{site.url}kvittering/{code}/")
    assert confirmation.status == 200
    assert re.search(r"VKU-\d{4}-\d{4}", visible_text(confirmation.html))

    # A restart while nobody visits: every worker's kept connection is dead, and the
    # health check replaces it before the first request uses it.
    site.cluster.stop("fast")
    site.cluster.start()
    for _ in range(2 * WORKERS):
        assert Visitor(site.port).get(site.url).status == 200, site.log_tail()
    assert confirmation_code(send(*new_application(site))), site.log_tail()
    assert site.server.poll() is None  # the same server throughout

    # One application per form sent, each acknowledged, each one whole.
    rows, [(prefix, year, last_number)] = stored_applications(site)
    assert {token.hex for token, *_ in rows} == acknowledged
    assert len(rows) == 3 + len(in_flight) + len(sent_during) + 3 + 1
    for _token, _reference, answers, labels in rows:
        assert all(answers.get(key) not in (None, "") for key in site.answers), answers
        assert len(labels) >= len(site.answers)
    # The reference counter counted each stored application once: no gaps, no repeats.
    assert sorted(reference for _token, reference, *_ in rows) == [
        f"{prefix}-{year}-{n:04d}" for n in range(1, last_number + 1)
    ]
