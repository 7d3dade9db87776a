"""A throwaway PostgreSQL cluster (initdb, pg_ctl) for tests that stop and start the database.

Each cluster has its own folder and a free port, so parallel test workers never share one.
tests/conftest.py loads this module as a plugin: a test asks for the `postgres_cluster`
fixture and gets a running cluster, removed afterwards.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def free_port():
    """A TCP port nothing listens on now (the kernel's choice, so workers get different ones)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_service(missing):
    """Skip a test whose service is missing, or fail it in CI (where .ci/run sets CI)."""
    if os.environ.get("CI"):
        pytest.fail(f"{missing}; CI must run this test.")
    pytest.skip(missing)


def postgres_bindir():
    """The newest installed PostgreSQL's bin folder (Debian keeps it off PATH)."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    found = [d for d in found if (d / "initdb").exists()]
    return max(found, key=lambda d: int(d.parent.name), default=None)


class Cluster:
    """A throwaway PostgreSQL cluster in its own folder, on a free port."""

    def __init__(self, bindir, root):
        self.bindir = bindir
        self.data, self.sockets, self.log = root / "data", root / "sockets", root / "postgres.log"
        self.port = free_port()
        self.sockets.mkdir()
        # initdb refuses to run as root; the cluster then belongs to the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            account = pwd.getpwnam("postgres")
            for folder in (root, self.sockets):
                os.chown(folder, account.pw_uid, account.pw_gid)

    def run(self, program, *args, timeout=120):
        command = [*self.as_user, str(self.bindir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{program} failed:\n{result.stdout}{result.stderr}\n{log[-3000:]}")

    def init(self):
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self):
        # fsync off only saves time: the machine does not crash, the postgres server does.
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def postgres_cluster():
    """A running cluster of the test's own, in a folder of its own under the temp folder.

    Not pytest's tmp_path: the postgres user must reach the folder, and tmp_path's parents
    are private to the user running the tests.
    """
    bindir = postgres_bindir()
    if bindir is None:
        require_service("PostgreSQL's initdb and pg_ctl are not under /usr/lib/postgresql/*/bin")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # named for whoever looks in /tmp
    root = Path(tempfile.mkdtemp(prefix=f"ksr-postgres-{worker}-"))
    cluster = Cluster(bindir, root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except Exception:
            pass  # not running (or never started)
        shutil.rmtree(root, ignore_errors=True)
