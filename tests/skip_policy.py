"""Which tests may skip, and where (a pytest plugin, loaded by tests/conftest.py).

CI runs the suite twice, on SQLite and on PostgreSQL. A test that skips in both steps guards
nothing, and CI would stay green; so under CI (the CI environment variable, set by .ci/run):

- on PostgreSQL, no test may skip;
- on SQLite, only tests marked `@pytest.mark.postgresql_only(reason=...)` may skip, and the
  reason must say why SQLite cannot run them (row locks, stemming, a cluster of its own).

Any other skip fails the run, listing each one with its reason. Outside CI, skips are only
reported (a developer's machine may lack Redis or the reference data).
"""

import os

import pytest

POSTGRESQL_ONLY = "postgresql_only"


def database_vendor():
    from django.db import connection

    return connection.vendor


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{POSTGRESQL_ONLY}(reason): needs PostgreSQL; skipped on SQLite, and the reason says why",
    )
    config.pluginmanager.register(SkipRecorder(), "skip_recorder")


def pytest_collection_modifyitems(config, items):
    on_sqlite = database_vendor() != "postgresql"
    for item in items:
        marker = item.get_closest_marker(POSTGRESQL_ONLY)
        if marker is None:
            continue
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: postgresql_only needs a reason")
        if on_sqlite:
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {reason}"))


def disallowed(skips, vendor):
    """The skipped reports that CI must not accept on this database."""
    return [
        report
        for report in skips
        if vendor == "postgresql" or POSTGRESQL_ONLY not in report.keywords
    ]


def skip_reason(report):
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


class SkipRecorder:
    def __init__(self):
        self.skips = []

    def pytest_runtest_logreport(self, report):
        # Under xdist the controller receives every worker's reports here.
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skips.append(report)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if not os.environ.get("CI") or hasattr(session.config, "workerinput"):
            return
        vendor = database_vendor()
        refused = disallowed(self.skips, vendor)
        if not refused:
            return
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        where = "PostgreSQL" if vendor == "postgresql" else "SQLite"
        reporter.write_sep("=", f"skipped on {where} under CI, which is not allowed", red=True)
        for report in refused:
            reporter.write_line(f"{report.nodeid}: {skip_reason(report)}")
        reporter.write_line(
            "On PostgreSQL nothing may skip; on SQLite only tests marked "
            "postgresql_only(reason=...)."
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
