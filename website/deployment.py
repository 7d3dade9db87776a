"""What a production server must have before it serves, shared by the system checks
(website/checks.py, `manage.py check --deploy`) and gunicorn.conf.py, which reads it before
Django is set up: so nothing here imports Django.
"""

import multiprocessing
import os

PRODUCTION_SETTINGS = "website.settings.production"


def default_workers():
    """gunicorn.conf.py's worker count without WEB_CONCURRENCY: two per core plus one."""
    return multiprocessing.cpu_count() * 2 + 1


def configured_workers(environ=None):
    """The worker count gunicorn.conf.py starts with, from WEB_CONCURRENCY or the default."""
    environ = os.environ if environ is None else environ
    try:
        return int(environ["WEB_CONCURRENCY"])
    except (KeyError, ValueError):
        return default_workers()


def unshared_cache_problem(workers):
    """Why several workers without CACHE_URL must not serve production, in Norwegian."""
    return (
        f"CACHE_URL er ikke satt, og gunicorn starter {workers} arbeidsprosesser: hver får "
        "sin egen hurtigbuffer i minnet, så besøkende får utdaterte sider etter publisering, "
        "og grensen for søknader per adresse telles i hver prosess for seg. Sett CACHE_URL "
        "til en Redis som alle prosessene deler (f.eks. redis://cache:6379/0), eller "
        "WEB_CONCURRENCY=1 for én prosess."
    )


def refuse_unshared_cache(workers, environ=None):
    """gunicorn's on_starting: the message to stop with, or None when all is well."""
    environ = os.environ if environ is None else environ
    if (
        environ.get("DJANGO_SETTINGS_MODULE") == PRODUCTION_SETTINGS
        and workers > 1
        and not environ.get("CACHE_URL")
    ):
        return unshared_cache_problem(workers)
    return None
