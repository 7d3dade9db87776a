"""Under CI a skipped test fails the run, except a PostgreSQL-only test on SQLite
(tests/skip_policy.py). Each case runs a small suite of its own in a fresh pytest process."""

import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import os
import pytest

@pytest.mark.postgresql_only(reason="row locks")
def test_needs_postgresql():
    pass

def test_plain():
    pass

@pytest.mark.skipif(os.environ.get("EXTRA_SKIP") == "1", reason="a service is missing")
def test_skipped_for_another_reason():
    pass
"""
UNUSED_POSTGRES = "postgres://postgres@127.0.0.1:5432/unused"


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_suite(pytester, monkeypatch):
    """Run SUITE in a fresh pytest process with the skip policy; returns its result."""
    pytester.makepyfile(test_suite=SUITE)

    def run(database_url=None, ci=True, extra_skip=False):
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "website.settings.test")
        monkeypatch.setenv("EXTRA_SKIP", "1" if extra_skip else "0")
        for name, value in (("CI", "true" if ci else None), ("DATABASE_URL", database_url)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return pytester.run(
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.skip_policy",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-rs",
            "test_suite.py",
        )

    return run


def test_sqlite_under_ci_may_skip_postgresql_only_tests(run_suite):
    result = run_suite()
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*PostgreSQL only: row locks*"])


def test_sqlite_under_ci_fails_on_any_other_skip(run_suite):
    result = run_suite(extra_skip=True)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    refused = result.stdout.str().split("skipped on SQLite under CI")[1]
    assert "test_skipped_for_another_reason: a service is missing" in refused
    assert "test_needs_postgresql" not in refused


def test_a_skip_outside_ci_is_only_reported(run_suite):
    result = run_suite(ci=False, extra_skip=True)
    assert result.ret == 0, result.stdout.str()


def test_postgresql_under_ci_fails_on_every_skip(run_suite):
    # The database is read from the settings, without connecting: no server is needed.
    result = run_suite(database_url=UNUSED_POSTGRES, extra_skip=True)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    refused = result.stdout.str().split("skipped on PostgreSQL under CI")[1]
    assert "test_skipped_for_another_reason: a service is missing" in refused


def test_postgresql_only_tests_run_on_postgresql(run_suite):
    result = run_suite(database_url=UNUSED_POSTGRES)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*3 passed*"])


def test_postgresql_only_without_a_reason_is_refused(pytester, run_suite):
    pytester.makepyfile(
        test_suite="import pytest\n\n@pytest.mark.postgresql_only\ndef test_x():\n    pass\n"
    )
    result = run_suite()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "postgresql_only needs a reason" in result.stderr.str() + result.stdout.str()
