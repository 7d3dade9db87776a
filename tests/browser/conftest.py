"""Fixtures for the browser tests: a real server with the seed content, and one Chromium.

The server is a `manage.py runserver` subprocess on its own SQLite file (not pytest-django's
live_server): the site is migrated and seeded exactly as `make run` does it. It runs with the
test settings (DEBUG off, like production) so the real 404 page renders; `--insecure` makes
runserver serve the static files all the same.

Nothing here touches the Django test database, so these tests need no `db` fixture.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_SETTINGS = "website.settings.test"
SERVER_START_TIMEOUT = 60  # seconds
COMMAND_TIMEOUT = 300  # seconds, for migrate and load_initial_data


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    """Run a management command and return its output; fail with the output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` failed (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _wait_until_up(url, process, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)
    pytest.fail(
        f"The test server at {url} never answered (exit code {process.returncode}).\n"
        f"Its output:\n{log_path.read_text(encoding='utf-8', errors='replace')}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def server_tmp(tmp_path_factory):
    """The test server's folder: its SQLite database, media and log."""
    return tmp_path_factory.mktemp("browser-site")


@pytest.fixture(scope="session")
def server_env(server_tmp):
    """The environment the test server runs in (settings, database, media).

    Management commands run with it work on the running server's database.
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
        "DATABASE_URL": f"sqlite:///{server_tmp / 'browser.sqlite3'}",
        "MEDIA_ROOT": str(server_tmp / "media"),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="session")
def manage(server_env, base_url):
    """Run `manage.py <args>` against the running server's database; returns its stdout."""

    def run(*args, extra_env=None):
        return _manage({**server_env, **(extra_env or {})}, *args)

    return run


@pytest.fixture(scope="session")
def base_url(server_tmp, server_env):
    """Base URL (no trailing slash) of a running server with the seed content loaded."""
    tmp = server_tmp
    env = server_env
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_initial_data")

    port = _free_port()
    log_path = tmp / "runserver.log"
    with open(log_path, "w", encoding="utf-8") as log:
        # Output goes to a file, not a pipe nobody reads (a full pipe would block the server).
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--insecure",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/", process, log_path)
        yield url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session. Missing Chromium fails, never skips."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need it. "
            "Install it with `apt-get install -y chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _new_page(browser, base_url, **context_options):
    context = browser.new_context(base_url=base_url, locale="nb-NO", **context_options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, base_url):
    """A fresh desktop-sized page (its own context) for each test."""
    context, page = _new_page(browser, base_url, viewport={"width": 1280, "height": 800})
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, base_url):
    """A fresh phone-sized page."""
    context, page = _new_page(
        browser,
        base_url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, base_url):
    """A fresh page with JavaScript turned off."""
    context, page = _new_page(
        browser, base_url, viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    page.set_content("<title>off</title><script>document.title = 'on'</script>")
    assert page.title() == "off", "JavaScript is still running in the no-JavaScript context"
    yield page
    context.close()
