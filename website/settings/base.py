"""
Settings shared by every environment. Safe for production on their own:
DEBUG is off and secrets come from the environment; dev.py and test.py relax them.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


# Application definition

INSTALLED_APPS = [
    "home",
    "program",
    "forms",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.middleware.RequestSizeLimitMiddleware",
    # Before sessions and auth: a cached page is served without touching them.
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"


# Database: DATABASE_URL (postgres://user@host:5432/name) or SQLite in the project folder.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalisation: Norwegian bokmål first, at /; English at /en/, translated through
# wagtail-localize. Adding a locale is configuration: add it to SITE_LANGUAGES (for example
# ("nn", "Norsk nynorsk") or ("se", "Davvisámegiella")) and create it under Innstillinger →
# Språk in the admin.

LANGUAGE_CODE = "nb"
SITE_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = SITE_LANGUAGES
WAGTAIL_I18N_ENABLED = True
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats per language («13. april 2026», «13 April 2026»).
FORMAT_MODULE_PATH = ["website.formats"]

WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]


# Static files and uploads

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Application attachments: outside MEDIA_ROOT, never served by a public URL; staff download
# them through a permission-checked admin view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/ikke-offentlig/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Request size limits, set on purpose; a request over them gets the Norwegian 400/413 page
# (templates/400.html), which says that nothing was received and what to do.
# - Non-file data of one request (answers, page editor content): 2.5 MB. An application at
#   its field limits (10 000 characters per long answer) stays far below; the largest
#   legitimate bodies are long pages in the admin page editor.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# - Number of fields: complex page models can exceed Django's default of 1000 fields in the
#   page editor; an application form has a few dozen.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# - The whole body, files included, refused before it is read (website/middleware.py):
#   room for five attachments at APPLICATION_ATTACHMENT_MAX_SIZE (10 MB) and the answers.
#   A file a little over its limit is still read, so it gets its own error next to the
#   field with the answers kept. Set the web server's limit (client_max_body_size) to match.
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_SIZE", 60 * 1024 * 1024))


# E-mail (SMTP from the environment; dev and test override the backend)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# A mail server that accepts and never answers must not hold an applicant's request.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Kulturskolerådet <post@kulturskoleradet.no>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


# Wagtail

WAGTAIL_SITE_NAME = "Kulturskolerådet"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend picks PostgreSQL full-text search when running on PostgreSQL;
# the Norwegian configuration stems «kulturskolene» to the same lexeme as «kulturskole».
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "norwegian",
    }
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Application forms
APPLICATION_ATTACHMENT_MAX_SIZE = int(
    os.environ.get("APPLICATION_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
)
# A person needs at least this long to fill in a form.
APPLICATION_MIN_SECONDS = int(os.environ.get("APPLICATION_MIN_SECONDS", "3"))
# "submissions/seconds" per IP address. The load test (benchmarks/load.py) relaxes both
# for its own server: all its clients share one address and have no human think time.
APPLICATION_RATE_LIMIT = tuple(
    int(n) for n in os.environ.get("APPLICATION_RATE_LIMIT", "30/600").split("/")
)

# Published pages are kept in the cache for anonymous visitors this many seconds at most
# (and never past the next moment their content changes by itself); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# A CDN or caching proxy in front is purged when content changes (home/page_cache.py).
# Set one of: FRONTEND_CACHE_PURGE_URL (Varnish/nginx answering HTTP PURGE),
# CLOUDFLARE_ZONE_ID + CLOUDFLARE_API_TOKEN, or CLOUDFRONT_DISTRIBUTION_ID.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
# Our URLs carry their language already (/, /en/); purge them as they are.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Background work (Wagtail 8 runs reference indexing etc. through django-tasks).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task run is noise at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
