"""The production settings, loaded as a server loads them: in a fresh process, from the
environment alone (README «Configuration» lists every variable)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Every variable of the README's table, as a real deployment would set them.
FULL_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "website.settings.production",
    "SECRET_KEY": "x7#kQ2!pL9$zR4@wN8^vB3&mT6*yH1(cJ5)dF0_gS-eA+uI=oP" * 2,
    "ALLOWED_HOSTS": "www.kulturskoleradet.no,kulturskoleradet.no",
    "CSRF_TRUSTED_ORIGINS": "https://www.kulturskoleradet.no",
    "WAGTAILADMIN_BASE_URL": "https://www.kulturskoleradet.no",
    "SITE_URL": "https://www.kulturskoleradet.no",
    "DATABASE_URL": "postgres://ksr:hemmelig@db.internal:5432/kulturskoleradet",
    "DB_CONN_MAX_AGE": "120",
    "CACHE_URL": "redis://cache.internal:6379/1",
    "CACHE_KEY_PREFIX": "ksr-prod",
    "MEDIA_BUCKET": "ksr-media",
    "PRIVATE_MEDIA_BUCKET": "ksr-vedlegg",
    "AWS_S3_ENDPOINT_URL": "https://s3.eu-north-1.amazonaws.com",
    "AWS_S3_REGION_NAME": "eu-north-1",
    "AWS_S3_CUSTOM_DOMAIN": "media.kulturskoleradet.no",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
    "EMAIL_HOST": "smtp.internal",
    "EMAIL_PORT": "587",
    "EMAIL_HOST_USER": "nettsted",
    "EMAIL_HOST_PASSWORD": "hemmelig",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "Kulturskolerådet <post@kulturskoleradet.no>",
    "SERVER_EMAIL": "nettsted@kulturskoleradet.no",
    "TASKS_BACKEND": "database",
    "FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081",
    "TRUSTED_PROXY_COUNT": "1",
    "STAFF_TWO_FACTOR_REQUIRED": "true",
    "AXES_FAILURE_LIMIT": "5",
    "AXES_COOLOFF_MINUTES": "15",
    "LOG_LEVEL": "INFO",
}

READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
from django.core.cache import caches
from django.core.files.storage import storages
db = s.DATABASES["default"]
import logging
logging.getLogger("forms.emails").warning("Kvittering ikke sendt (logg-test)")
def describe(storage):
    return [type(storage).__name__] + [getattr(storage, name, None) for name in (
        "bucket_name", "default_acl", "querystring_auth", "querystring_expire", "custom_domain")]
print(json.dumps({
    "db": [db["ENGINE"], db["HOST"], db["NAME"], db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]],
    "cache": [type(caches["default"]).__name__, s.CACHES["default"].get("LOCATION")],
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "media": describe(storages["default"]),
    "private": describe(storages["private"]),
    "email": [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS],
    "tasks": s.TASKS["default"]["BACKEND"],
    "frontend_cache": sorted(s.WAGTAILFRONTENDCACHE),
    "log_stream": s.LOGGING["handlers"]["stdout"]["stream"],
    "middleware": s.MIDDLEWARE,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "cookies": [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE],
    "two_factor": s.STAFF_TWO_FACTOR_REQUIRED,
    "redirect_exempt": s.SECURE_REDIRECT_EXEMPT,
    "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**changes):
    # Nothing of the test run's own settings leaks in: only what a server would have.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(FULL_ENVIRONMENT)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_check_deploy_reports_nothing_with_the_full_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_refuses_several_workers_without_a_shared_cache():
    # WEB_CONCURRENCY unset: gunicorn.conf.py starts 2 × cores + 1 workers.
    for workers in (None, "3"):
        result = run(
            ["manage.py", "check", "--deploy"],
            production_env(CACHE_URL=None, WEB_CONCURRENCY=workers),
        )
        assert result.returncode != 0, workers
        assert "(website.E001) CACHE_URL er ikke satt" in result.stderr
    # One worker has nobody to share its cache with.
    single = run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        production_env(CACHE_URL=None, WEB_CONCURRENCY="1"),
    )
    assert single.returncode == 0, single.stderr


@pytest.mark.parametrize(
    "site_url", ["http://localhost:8000", "https://127.0.0.1", "kulturskoleradet.no"]
)
def test_check_deploy_refuses_a_local_or_unusable_site_url(site_url):
    result = run(["manage.py", "check", "--deploy"], production_env(SITE_URL=site_url))
    assert result.returncode != 0
    assert "(website.E002) SITE_URL" in result.stderr


def gunicorn(env, *options):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "website.wsgi",
        "--bind",
        "127.0.0.1:0",
        *options,
    ]
    return subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("workers", [None, "2"])
def test_gunicorn_refuses_to_start_several_workers_without_a_shared_cache(workers):
    options = ["--workers", workers] if workers else []  # else gunicorn.conf.py's 2×cores+1
    server = gunicorn(production_env(CACHE_URL=None, WEB_CONCURRENCY=None), *options)
    try:
        output, _ = server.communicate(timeout=60)
    finally:
        server.kill()
    assert server.returncode != 0
    assert "gunicorn starter ikke: CACHE_URL er ikke satt" in output
    assert "Booting worker" not in output


def test_gunicorn_starts_one_worker_without_a_shared_cache():
    server = gunicorn(production_env(CACHE_URL=None, WEB_CONCURRENCY="1"))
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            server.communicate(timeout=8)  # still running: it started
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Booting worker" in output
    assert "CACHE_URL" not in output


def test_every_variable_reaches_its_setting():
    result = run(["-c", READ_SETTINGS], production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["db"] == [
        "django.db.backends.postgresql",
        "db.internal",
        "kulturskoleradet",
        120,
        True,
    ]
    assert values["cache"] == ["ResilientRedisCache", "redis://cache.internal:6379/1"]
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["middleware"]
    assert values["media"] == [
        "S3Storage",
        "ksr-media",
        None,
        False,
        3600,
        "media.kulturskoleradet.no",
    ]
    # Attachments: private objects, and any URL to them signed and valid for a minute.
    assert values["private"] == ["S3Storage", "ksr-vedlegg", "private", True, 60, None]
    assert values["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.internal",
        587,
        True,
    ]
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["frontend_cache"] == ["proxy"]
    assert values["log_stream"] == "ext://sys.stdout"
    # One line per record on standard output, for the platform to collect.
    assert re.search(
        r"^\S+ \S+ WARNING forms\.emails \d+ Kvittering ikke sendt \(logg-test\)$",
        result.stdout,
        re.MULTILINE,
    )
    assert "logg-test" not in result.stderr
    assert values["hsts"] == [31536000, True, True]
    assert values["cookies"] == [True, True, True]
    assert values["two_factor"] is True
    # The health checks answer the load balancer over plain HTTP (tests/test_health.py).
    assert values["redirect_exempt"] == [r"^healthz$", r"^readyz$"]
    assert "https://media.kulturskoleradet.no" in values["img_src"]


def test_without_services_configured_the_fallbacks_are_local():
    bare = production_env(
        CACHE_URL=None,
        MEDIA_BUCKET=None,
        PRIVATE_MEDIA_BUCKET=None,
        TASKS_BACKEND=None,
        FRONTEND_CACHE_PURGE_URL=None,
    )
    result = run(["-c", READ_SETTINGS], bare)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["cache"][0] == "LocMemCache"
    assert values["media"][0] == values["private"][0] == "FileSystemStorage"
    # Production queues its tasks for the worker even when not told to.
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    result = run(["manage.py", "check"], production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"Sett miljøvariabelen {missing} i produksjon." in result.stderr


def test_the_readme_documents_every_environment_variable_the_settings_read():
    read = set()
    for source in [
        *(PROJECT_DIR / "website" / "settings").glob("*.py"),
        PROJECT_DIR / "gunicorn.conf.py",
    ]:
        read |= set(
            re.findall(
                r"""(?:os\.environ\.get\(|os\.environ\[|env_bool\(|env_list\()["']([A-Z][A-Z0-9_]+)["']""",
                source.read_text(),
            )
        )
    assert {"CACHE_URL", "PRIVATE_MEDIA_BUCKET", "PORT"} <= read  # the pattern finds them
    readme = (PROJECT_DIR / "README.md").read_text()
    table = readme[readme.index("## Configuration") : readme.index("## Drift")]
    undocumented = sorted(name for name in read if f"`{name}`" not in table)
    assert undocumented == []
    # Every variable of the test's full production environment is in the table too.
    assert (
        sorted(
            name
            for name in FULL_ENVIRONMENT
            if name != "DJANGO_SETTINGS_MODULE" and f"`{name}`" not in table
        )
        == []
    )


def test_static_files_are_hashed_compressed_and_served_by_whitenoise(tmp_path, settings):
    from django.test import RequestFactory

    from whitenoise.middleware import WhiteNoiseMiddleware

    result = run(
        ["manage.py", "collectstatic", "--noinput"],
        production_env(STATIC_ROOT=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / f"{hashed}.gz").exists()

    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    serve = WhiteNoiseMiddleware(get_response=lambda request: None)
    response = serve(RequestFactory().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    # A hashed name never changes content: cached for ever, by browsers and the CDN.
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
