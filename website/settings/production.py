"""Production: everything from the environment (README «Configuration» lists every
variable; docs/operations.md says how to run it).

`manage.py check --deploy` reports nothing with these settings (tests/test_production.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Sett miljøvariabelen SECRET_KEY i produksjon.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Sett miljøvariabelen ALLOWED_HOSTS i produksjon.")

# Persistent connections, checked before reuse (base.py sets conn_health_checks).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405

# HTTPS is ended at the proxy or load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# The load balancer's health checks come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
for policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
    policy["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Queued in PostgreSQL and run by `manage.py db_worker`, outside the request.
TASKS = tasks_setting("database")  # noqa: F405

STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", True)  # noqa: F405
