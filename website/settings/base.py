"""
Settings shared by every environment. Safe for production on their own:
DEBUG is off and secrets come from the environment; dev.py and test.py relax them.
"""

import os
from datetime import timedelta
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
    "news",
    "forms",
    "newsletter",
    "applications",
    "security",
    "website",  # production's system checks (website/checks.py) and set_site_url
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
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so pages served from it carry the headers too.
    "security.middleware.ContentSecurityPolicyMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "website.middleware.RequestSizeLimitMiddleware",
    # Before sessions and auth: a cached page is served without touching them.
    "website.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A confirmation after approving or rejecting a page from the dashboard.
    "home.moderation_messages.WorkflowActionMessageMiddleware",
    # Out-of-range numbers in the admin's query strings: a message, not a 500.
    "website.admin_errors.AdminNumberRangeMiddleware",
    # wagtail-localize's ways to publish a translation: refused without publish permission,
    # or while segments are untranslated.
    "home.translation_guard.TranslationPublishGuardMiddleware",
    # X-Frame-Options: DENY, but SAMEORIGIN for the admin's previews (set inside Django's).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "security.middleware.PreviewFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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


# Cache: Redis through Django's own RedisCache when CACHE_URL is set (redis://host:6379/0),
# shared by every worker and server: the page cache, its purges and the rate limits.
# website/cache.py lets the site run on without it while Redis is down. Without CACHE_URL
# each process has its own memory cache, which is right for one process only.


def redis_cache_setting(url, key_prefix):
    return {
        "BACKEND": "website.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        # A Redis that does not answer must not hold a request for long.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": redis_cache_setting(CACHE_URL, os.environ.get("CACHE_KEY_PREFIX", "ksr"))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Sign-in: django-axes counts failed sign-ins and locks out password guessing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalisation: Norwegian bokmål first, at /; English at /en/, translated through
# wagtail-localize. Adding a locale is configuration: add it to SITE_LANGUAGES (for example
# ("nn", "Norsk nynorsk") or ("se", "Davvisámegiella")) and run `manage.py migrate`. After
# every migrate, home.locales.sync_locales (connected in HomeConfig.ready) creates the Locale
# of each language here that has none; nothing to do in the admin.

LANGUAGE_CODE = "nb"
SITE_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = SITE_LANGUAGES
WAGTAIL_I18N_ENABLED = True
# «Translate this page» saves drafts; a translation goes live through moderation once every
# segment is translated (home/translation_guard.py, home/translation_moderation.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
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
    # Hashed names (cached for ever) and gzip/brotli copies, served by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Object storage (S3 or S3-compatible) through django-storages, one bucket per kind when
# configured: MEDIA_BUCKET for images and documents (public read, through
# AWS_S3_CUSTOM_DOMAIN/a CDN if set), PRIVATE_MEDIA_BUCKET for application attachments
# (no public access; staff download them through the permission-checked admin view, which
# streams the file, so no bucket URL is ever handed out). Keys come from
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the machine's role, as boto3 finds them.
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
PRIVATE_MEDIA_BUCKET = os.environ.get("PRIVATE_MEDIA_BUCKET", "")


def s3_storage(bucket, **options):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": bucket, "file_overwrite": False, **options},
    }


PUBLIC_S3_OPTIONS = {
    "custom_domain": AWS_S3_CUSTOM_DOMAIN,
    "querystring_auth": False,  # public files: plain, cacheable URLs
    "object_parameters": {"CacheControl": "public, max-age=86400"},
}
PRIVATE_S3_OPTIONS = {
    "default_acl": "private",
    "custom_domain": None,
    # Should a URL ever be made, it is signed and short-lived.
    "querystring_auth": True,
    "querystring_expire": 60,
}
if MEDIA_BUCKET:
    STORAGES["default"] = s3_storage(MEDIA_BUCKET, **PUBLIC_S3_OPTIONS)
if PRIVATE_MEDIA_BUCKET:
    STORAGES["private"] = s3_storage(PRIVATE_MEDIA_BUCKET, **PRIVATE_S3_OPTIONS)

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
# The public address, e.g. https://kulturskoleradet.no: `manage.py set_site_url` (a deploy
# step) writes it on the default Site, which receipts, canonical links and the sitemap use.
SITE_URL = os.environ.get("SITE_URL", "")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend picks PostgreSQL full-text search when running on PostgreSQL;
# the Norwegian configuration stems «kulturskolene» to the same lexeme as «kulturskole».
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "norwegian",
    }
}
# The site's own search (home/search.py) reads the index's plain texts with the text search
# configuration of each page's language: Norwegian stems Norwegian words, English English.
SEARCH_LANGUAGE_CONFIGS = {"nb": "norwegian", "en": "english"}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Application forms
APPLICATION_ATTACHMENT_MAX_SIZE = int(
    os.environ.get("APPLICATION_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
)
# A person needs at least this long to fill in a form.
APPLICATION_MIN_SECONDS = int(os.environ.get("APPLICATION_MIN_SECONDS", "3"))
# A shown form can be sent for this long (its signed token expires): a long sitting. After
# that it comes back with the answers and a message to send again.
APPLICATION_FORM_MAX_AGE_HOURS = int(os.environ.get("APPLICATION_FORM_MAX_AGE_HOURS", "12"))
# "submissions/seconds" per IP address (per /64 for IPv6). The load test (benchmarks/load.py)
# relaxes both for its own server: all its clients share one address and have no human
# think time.
APPLICATION_RATE_LIMIT = tuple(
    int(n) for n in os.environ.get("APPLICATION_RATE_LIMIT", "30/600").split("/")
)
# Receipts one e-mail address gets per Oslo day: the form must not become a way to send the
# organisation's e-mail to anyone, many times over (forms/emails.py).
APPLICATION_RECEIPTS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("APPLICATION_RECEIPTS_PER_ADDRESS_PER_DAY", "3")
)
# Days after a form's window closes before its unsent drafts (answers and files) are
# deleted by the daily retention job (applications/retention.py).
APPLICATION_DRAFT_RETENTION_DAYS = int(os.environ.get("APPLICATION_DRAFT_RETENTION_DAYS", "30"))

# Published pages are kept in the cache for anonymous visitors this many seconds at most
# (and never past the next moment their content changes by itself); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# A CDN or caching proxy in front is purged when content changes (website/page_cache.py).
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


# Background work: receipts, staff notifications, CDN purges, and Wagtail 8's own reference
# and search indexing, through django-tasks. TASKS_BACKEND=database queues them in
# PostgreSQL for `manage.py db_worker` (production's default); "immediate" runs them inside
# the request, which is what `make run` and the tests do.
def tasks_setting(default_backend):
    backend = os.environ.get("TASKS_BACKEND", default_backend)
    return {
        "default": {
            "BACKEND": {
                "immediate": "django_tasks.backends.immediate.ImmediateBackend",
                "database": "django_tasks_db.DatabaseBackend",
            }[backend]
        }
    }


TASKS = tasks_setting("immediate")


# Security headers (SecurityMiddleware, security/middleware.py). HSTS and secure cookies
# are production's (settings/production.py): they need HTTPS.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A staff session ends after a working day without use, not Django's two weeks: a session
# left open on a shared or lost machine stops opening the admin. Every request by a signed-in
# user pushes the end on. Anonymous visitors have no session, so this sets no cookie on
# public pages and the page cache keeps them.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]


def media_sources():
    """Where images and documents are served from, for the Content-Security-Policy."""
    if not MEDIA_BUCKET:
        return []
    if AWS_S3_CUSTOM_DOMAIN:
        return [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    if AWS_S3_ENDPOINT_URL:
        return [AWS_S3_ENDPOINT_URL.rstrip("/")]
    return [f"https://{MEDIA_BUCKET}.s3.amazonaws.com", "https://*.amazonaws.com"]


# The public pages have no inline script or style: everything comes from our own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *media_sources()],
        "media-src": ["'self'", *media_sources()],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin still has inline scripts and styles, shows previews in a same-origin
# frame and reads image uploads as blobs.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *media_sources()],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Clients are told apart by IP address (rate limits, sign-in lockout; IPv6 per /64). Behind
# N proxies or load balancers that append to X-Forwarded-For, set TRUSTED_PROXY_COUNT=N;
# left at 0 the header is ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from one IP
# address, or for one user name, further attempts are refused for AXES_COOLOFF_MINUTES.
# The user name part stops guessing spread over many addresses; a locked-out person can be
# let in early with `manage.py axes_reset_username <name>`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Counted per IPv4 address and per IPv6 /64 (website/client_ip.py): one IPv6 subscriber
# has a whole /64 to pick fresh addresses from.
AXES_CLIENT_IP_CALLABLE = "website.client_ip.client_network"
# Never log passwords typed as user names etc.: only the fields axes needs.
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-factor sign-in for everyone with access to the admin (security/two_factor.py): when
# on, staff set up an authenticator app at their next sign-in and give a code every time.
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Kulturskolerådet"
# Wagtail's sign-in form with the password field labelled for translation.
WAGTAILADMIN_USER_LOGIN_FORM = "security.forms.SignInForm"

# No requests from staff browsers to third parties: no Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False


# Logging to standard output, one line per record, for the platform to collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task run, and axes' start-up banner, are noise at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
