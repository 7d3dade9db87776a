import tempfile
from pathlib import Path

from .base import *  # noqa: F403

# Tests run with DEBUG off, like production, so error pages and caching behave as there.
DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Static files from the apps' folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Uploads made by tests go to a throwaway folder, not the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ksr-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ksr-test-private-"))
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
APPLICATION_MIN_SECONDS = 0  # tests post at once; the timing check has its own tests
