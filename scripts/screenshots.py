"""Full-page screenshots of the front page, a program page and the application form, on a
phone (390 px) and a laptop (1366 px), from a freshly seeded site:
docs/screenshots/{front,program,form}-{390,1366}.png.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

The site runs as the browser tests run it (runserver with the test settings on its own
SQLite file, static files served); the seed program's application window is opened so the
form shows its first step. The images are reduced to 256 colours to keep the repository
small. Needs Chromium at /usr/bin/chromium (CHROME_PATH) and Playwright.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PAGES = {
    "front": "/",
    "program": "/program/veiledning-for-kulturskoleutvikling/",
    "form": "/program/veiledning-for-kulturskoleutvikling/soknad/",
}
SCREENS = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1366: {"viewport": {"width": 1366, "height": 768}},
}
START_TIMEOUT = 60  # seconds


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(
            f"Failed: {' '.join(args)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )


def wait_until_up(url, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("The server exited at start.")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"The server at {url} never answered.")


def shoot(base_url, out):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for width, options in SCREENS.items():
                context = browser.new_context(base_url=base_url, locale="nb-NO", **options)
                page = context.new_page()
                for name, path in PAGES.items():
                    response = page.goto(path)
                    if response is None or response.status != 200:
                        raise SystemExit(f"GET {path}: {response and response.status}")
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=True)
                    # 256 colours: a flat design loses nothing visible, the file a lot.
                    Image.open(target).convert("RGB").quantize(256).save(target, optimize=True)
                    print(f"{target}: {target.stat().st_size // 1024} KB")
                context.close()
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp}/site.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "PYTHONUNBUFFERED": "1",
        }
        run(env, "manage.py", "migrate", "--noinput")
        run(env, "manage.py", "load_initial_data")
        run(env, "benchmarks/site_tools.py", "open-form")
        port = free_port()
        with open(f"{tmp}/server.log", "w") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    f"127.0.0.1:{port}",
                    "--noreload",
                    "--insecure",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", server)
            shoot(f"http://127.0.0.1:{port}", args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
