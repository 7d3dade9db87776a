"""What the benchmark and the load test share: a fresh PostgreSQL database with the seed
content, the site under gunicorn with production settings, and a light HTTP client.

Everything runs on this machine against 127.0.0.1 only, and everything stops by itself:
the server runs in its own process group and is stopped in `finally`, at exit and on
SIGTERM; every request has a timeout and every loop a count or a deadline.
"""

import asyncio
import atexit
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: the load must stay on this machine
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432"
# The workers share their cache in Redis, as production's must (gunicorn refuses several
# workers without CACHE_URL). A database of the benchmarks' own, under a key prefix per run.
CACHE_DEFAULT = "redis://127.0.0.1:6379/13"
REQUEST_TIMEOUT = 30.0
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def default_workers():
    # Gunicorn's rule of thumb for sync workers: (2 × cores) + 1.
    return 2 * (os.cpu_count() or 1) + 1


# ---------------------------------------------------------------------------------------
# Machine


def machine_summary():
    """nproc, CPU model and RAM, as the README's performance section records them."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU ({model}), {ram} RAM, Python {platform.python_version()}"


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"


def load_average_1():
    """The 1-minute load average, or None where the system has none."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# ---------------------------------------------------------------------------------------
# Database and site set-up


def recreate_database(pg_url, name):
    """Drop and create `name`; connects to the maintenance database `postgres`."""
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Unsafe database name: {name!r}")
    with psycopg.connect(f"{pg_url}/postgres", autocommit=True, connect_timeout=10) as conn:
        # FORCE ends leftover connections, e.g. from an interrupted earlier run.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Site:
    """One database and one temporary folder; the environment for everything run on them."""

    def __init__(self, pg_url, database, keep=False, shared_cache=True):
        self.database_url = f"{pg_url}/{database}"
        self.database = database
        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{database}-"))
        self.log_path = self.tmp / "server.log"
        self.secret_key = secrets.token_urlsafe(50)
        # A CACHE_URL in the caller's environment wins (CI passes its own). Without a shared
        # cache each process keeps its own in memory, which gunicorn allows one worker only.
        self.cache_url = (os.environ.get("CACHE_URL") or CACHE_DEFAULT) if shared_cache else ""
        self.own_cache_prefix = not os.environ.get("CACHE_KEY_PREFIX")
        self.cache_prefix = os.environ.get("CACHE_KEY_PREFIX") or (
            f"ksr-{database}-{secrets.token_hex(4)}"
        )

    def env(self, **overrides):
        """The server's environment, in one place: production settings on plain HTTP.

        Whatever else production needs (CACHE_URL etc.) is passed through from the caller's
        environment, so a run can test it by setting it.
        """
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="website.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{HOST},localhost",
            SECURE_SSL_REDIRECT="false",  # plain HTTP on 127.0.0.1, no proxy in front
            DATABASE_URL=self.database_url,
            CACHE_URL=self.cache_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            DB_CONN_MAX_AGE="600",  # persistent connections, as in production
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(self.tmp / "private_media"),
            # Receipts are rendered and "sent" without a mail server.
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
            ACCESS_LOG="",  # gunicorn.conf.py: no access log line per request
            PYTHONUNBUFFERED="1",
        )
        if not self.cache_url:  # the per-process cache: no CACHE_URL at all
            env.pop("CACHE_URL")
        for key, value in overrides.items():
            if value is None:  # the setting's own default, whatever the caller has set
                env.pop(key, None)
            else:
                env[key] = str(value)
        return env

    def run(self, *args, **env_overrides):
        """Run the project's python with `args` in the repository; output only on failure."""
        result = subprocess.run(
            [sys.executable, *args],
            cwd=REPO,
            env=self.env(**env_overrides),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
            raise SystemExit(f"Failed: python {' '.join(args)}")
        return result.stdout

    def require_cache(self):
        """Stop at once if the shared cache does not answer: the site would run on without
        it (website/cache.py), and the figures would be of something else."""
        import redis

        if not self.cache_url:
            return
        try:
            redis.Redis.from_url(self.cache_url, socket_connect_timeout=3).ping()
        except redis.RedisError as error:
            raise SystemExit(
                f"No Redis at {self.cache_url} ({error}). Start one, or set CACHE_URL."
            ) from None

    def prepare(self, pg_url):
        """Fresh database, static files with their manifest, migrations and seed content."""
        started = time.monotonic()
        self.require_cache()
        recreate_database(pg_url, self.database)
        # Before anything else: with ManifestStaticFilesStorage even `migrate` needs the
        # manifest, because the URLconf resolves {% static %} names when it is imported.
        self.run("manage.py", "collectstatic", "--noinput")
        self.run("manage.py", "migrate", "--noinput")
        self.run("manage.py", "load_initial_data")
        return time.monotonic() - started

    def site_tool(self, *args):
        """benchmarks/site_tools.py under the same settings; it answers in JSON."""
        return json.loads(self.run(str(REPO / "benchmarks" / "site_tools.py"), *args))

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self.cache_url and self.own_cache_prefix:
            import redis

            try:
                server = redis.Redis.from_url(self.cache_url, socket_connect_timeout=3)
                for key in server.scan_iter(f"{self.cache_prefix}:*"):
                    server.delete(key)
            except redis.RedisError:
                pass  # the entries expire; the generation keys are small


# ---------------------------------------------------------------------------------------
# The server


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


_running = []


def _stop_all():
    for server in list(_running):
        server.stop()


atexit.register(_stop_all)


def _die_with_parent():
    """In the child before exec: SIGTERM to gunicorn if this script dies, even by SIGKILL."""
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_on_sigterm():
    """SIGTERM becomes an ordinary exit, so `finally` blocks stop the server."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


class Server:
    """gunicorn serving website.wsgi with the site's environment, in its own process group."""

    def __init__(self, site, workers, worker_class="sync", threads=1, **env_overrides):
        self.site = site
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.env_overrides = env_overrides
        self.port = free_port()
        self.process = None
        self.log = None

    def describe(self):
        kind = self.worker_class
        if kind == "gthread":
            kind += f" × {self.threads} threads"
        return f"gunicorn, {self.workers} {kind} worker{'s' if self.workers != 1 else ''}"

    def start(self):
        self.log = open(self.site.log_path, "a")  # closed in stop()
        self.log.write(f"\n---- {self.describe()}, {self.env_overrides} ----\n")
        self.log.flush()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "website.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                self.worker_class,
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--backlog",
                "2048",
            ],
            cwd=REPO,
            env=self.site.env(**self.env_overrides),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends master and workers
            preexec_fn=_die_with_parent,
        )
        _running.append(self)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise SystemExit(f"gunicorn exited at start.\n{self.log_tail()}")
            try:
                response = asyncio.run(fetch(self.port, request_bytes("/healthz", self.port)))
                if response.status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz in {START_TIMEOUT:.0f} s.")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=STOP_TIMEOUT)
            except ProcessLookupError:
                pass
        if self in _running:
            _running.remove(self)
        if self.log and not self.log.closed:
            self.log.close()

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.site.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def count_tracebacks(site):
    try:
        return site.log_path.read_text().count("Traceback (most recent call last)")
    except OSError:
        return 0


# ---------------------------------------------------------------------------------------
# HTTP client
#
# An asyncio Protocol per request, HTTP/1.1 with `Connection: close` (gunicorn's sync
# workers close every connection anyway), the request prebuilt as bytes and the response
# read to EOF. That is about the least work per request Python can do, which matters:
# on two cores the client competes with the server for CPU.


@dataclass
class Response:
    status: int
    headers: dict  # lower-case name → list of values
    body: bytes
    seconds: float

    def header(self, name, default=None):
        values = self.headers.get(name)
        return values[0] if values else default

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class _Exchange(asyncio.Protocol):
    __slots__ = ("request", "done", "chunks")

    def __init__(self, request, done):
        self.request = request
        self.done = done
        self.chunks = []

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        self.chunks.append(data)

    def connection_lost(self, exc):
        if not self.done.done():
            if exc is None:
                self.done.set_result(b"".join(self.chunks))
            else:
                self.done.set_exception(exc)


def request_bytes(path, port, method="GET", headers=(), body=b""):
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Connection: close",
        "User-Agent: kulturskoleradet-benchmark",
        "Accept: text/html,*/*",
        *(f"{name}: {value}" for name, value in headers),
    ]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _dechunk(body):
    out, pos = [], 0
    while True:
        end = body.index(b"\r\n", pos)
        size = int(body[pos:end].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(body[end + 2 : end + 2 + size])
        pos = end + 2 + size + 2


def parse_response(raw, seconds):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
        body = _dechunk(body)
    return Response(status, headers, body, seconds)


async def fetch(port, request, timeout=REQUEST_TIMEOUT):
    """One request on a new connection to 127.0.0.1:port; raises OSError/TimeoutError."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport = None
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            transport, _ = await loop.create_connection(
                lambda: _Exchange(request, done), HOST, port
            )
            raw = await done
    finally:
        if transport is not None:
            transport.close()
    try:
        return parse_response(raw, time.perf_counter() - started)
    except (ValueError, IndexError) as error:  # empty, cut short or not HTTP
        raise ConnectionError(f"malformed response: {raw[:80]!r}") from error


# ---------------------------------------------------------------------------------------
# Figures


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


@dataclass
class Tally:
    """Latencies and errors of one kind of request."""

    latencies: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    elapsed: float = 0.0
    client_cpu: float = 0.0

    def ok(self, seconds):
        self.latencies.append(seconds)

    def fail(self, reason):
        self.errors[reason] = self.errors.get(reason, 0) + 1

    @property
    def error_count(self):
        return sum(self.errors.values())

    def summary(self, *ps):
        values = sorted(self.latencies)
        return [percentile(values, p) for p in ps]
