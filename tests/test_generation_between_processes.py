"""Every process on the database sees a content change, even without a shared cache
(website/cache_generation.py): a page published by a management command (scheduled
publishing, a script, the browser tests' window changes) shows on the server at once."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.db import connections

from website.cache_generation import _generation_file, current_generation, generation_in_cache

REDIS = "django.core.cache.backends.redis.RedisCache"
REPO_ROOT = Path(__file__).resolve().parent.parent

# Another process on the same database, as `manage.py publish_scheduled_pages` would be.
OTHER_PROCESS = """
import django
django.setup()
from website.cache_generation import current_generation, new_generation
print(current_generation())
new_generation()
print(current_generation())
"""


def database(**values):
    return mock.patch.dict(connections["default"].settings_dict, values)


def test_a_change_in_another_process_starts_a_new_generation_here(tmp_path):
    name = tmp_path / "site.sqlite3"
    with database(ENGINE="django.db.backends.sqlite3", NAME=str(name)):
        assert not generation_in_cache()
        before = current_generation()
        result = subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS],
            cwd=REPO_ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "website.settings.test",
                "DATABASE_URL": f"sqlite:///{name}",
            },
            capture_output=True,
            text=True,
            check=True,
        )
        seen_there, started_there = result.stdout.split()
        assert seen_there == before
        assert current_generation() == started_there != before
    assert (tmp_path / "site.sqlite3.generation").read_text() == started_there
    assert [path.name for path in tmp_path.iterdir()] == ["site.sqlite3.generation"]


def test_each_postgresql_database_has_its_own_generation_file():
    paths = set()
    for name in ("kulturskoleradet", "test_kulturskoleradet_gw0"):
        with database(ENGINE="django.db.backends.postgresql", NAME=name, HOST="127.0.0.1"):
            assert not generation_in_cache()
            paths.add(_generation_file())
    assert len(paths) == 2
    assert all(path.parent == Path(tempfile.gettempdir()) for path in paths)


def test_a_database_in_memory_keeps_the_generation_in_the_cache():
    with database(ENGINE="django.db.backends.sqlite3", NAME="file:memorydb?mode=memory"):
        assert generation_in_cache()


def test_a_shared_cache_holds_the_generation(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0"}}
    with database(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "site.sqlite3")):
        assert generation_in_cache()
