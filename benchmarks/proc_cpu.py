"""CPU time from /proc, so the benchmark can say what each request cost and who else ran.

- the server: the gunicorn master and everything under it (workers, and workers already
  recycled, whose time the kernel adds to their parent's «children» fields once reaped);
- Redis: the redis-server process serving the cache's port;
- PostgreSQL: the backends connected to the benchmark's own database (their process title
  names it), so other databases on the same server count as other load;
- the machine: busy time of all cores from the first line of /proc/stat.

Redis and the backends are read to the nanosecond (schedstat) where the kernel allows,
the rest in clock ticks (10 ms), which is fine over slots of seconds.

Linux only; on another system, or when a process cannot be found or read, a figure is None
and the report says «n/a». Reading is done between the slots, never during one.
"""

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROC = Path("/proc")
try:
    TICKS = os.sysconf("SC_CLK_TCK")
except (ValueError, OSError, AttributeError):  # not POSIX
    TICKS = 100
# Over this much CPU used by anything else, in cores (0.10 = a tenth of one core, on
# average over the slots), the figures are skewed enough to say so.
OTHER_LOAD_LIMIT = 0.10
# A 1-minute load average over this before the run: something else was busy.
LOAD_AVERAGE_LIMIT = 0.5


@dataclass(frozen=True)
class ProcStat:
    pid: int
    comm: str
    ppid: int
    own: float  # utime + stime, seconds
    children: float  # cutime + cstime of reaped children, seconds


def parse_pid_stat(text):
    """One /proc/<pid>/stat line. The name is in parentheses and may hold spaces and
    parentheses itself, so the fields are counted from the last «)»."""
    head, _, rest = text.rpartition(")")
    pid, _, comm = head.partition(" (")
    fields = rest.split()
    # fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return ProcStat(
        pid=int(pid),
        comm=comm,
        ppid=int(fields[1]),
        own=(utime + stime) / TICKS,
        children=(cutime + cstime) / TICKS,
    )


def parse_machine_stat(text):
    """(busy, total) CPU seconds of all cores from /proc/stat's «cpu» line. Idle and
    iowait are not busy; guest time is already inside user time, so it is not added."""
    for line in text.splitlines():
        if line.startswith("cpu "):
            values = [int(v) for v in line.split()[1:]]
            values += [0] * (8 - len(values))
            user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
            busy = user + nice + system + irq + softirq + steal
            return busy / TICKS, (busy + idle + iowait) / TICKS
    raise ValueError("no «cpu» line")


def parse_schedstat(text):
    """Seconds on the CPU from /proc/<pid>/task/<tid>/schedstat (its first field, in ns)."""
    return int(text.split()[0]) / 1e9


def precise_cpu(stat):
    """A process's own CPU seconds to the nanosecond, summed over its threads, where the
    kernel keeps schedstat; else in clock ticks from its stat line. Redis and a backend
    spend a few ms per slot, which ticks of 10 ms would round away."""
    try:
        tasks = (PROC / str(stat.pid) / "task").iterdir()
        return sum(parse_schedstat((task / "schedstat").read_text()) for task in tasks)
    except (OSError, ValueError, IndexError):
        return stat.own


def tree_cpu(stats, root):
    """CPU seconds of `root` and all its descendants in `stats` (pid → ProcStat), with
    the children each of them has already reaped; None when root is not there."""
    if root not in stats:
        return None
    children_of = {}
    for stat in stats.values():
        children_of.setdefault(stat.ppid, []).append(stat.pid)
    total, todo = 0.0, [root]
    while todo:
        stat = stats[todo.pop()]
        total += stat.own + stat.children
        todo += children_of.get(stat.pid, [])
    return total


def all_stats():
    stats = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = parse_pid_stat((entry / "stat").read_text())
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile, or not readable
            stats[stat.pid] = stat
    return stats


def cmdline(pid):
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def find_redis(port):
    """The pid of the redis-server whose title names `port` (redis-server 127.0.0.1:6379)."""
    for stat in all_stats().values():
        if stat.comm.startswith("redis-server") and f":{port}" in cmdline(stat.pid):
            return stat.pid
    return None


def local_redis(cache_url):
    """The pid of the redis-server on this machine behind CACHE_URL; None for none, or
    for a Redis elsewhere, whose CPU cannot be read from here."""
    url = urlsplit(cache_url or "")
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        return None
    return find_redis(url.port or 6379)


def is_backend_of(title, database):
    """Whether a postgres process title is a backend connected to `database`:
    «postgres: 15/main: postgres kulturskoleradet_bench 127.0.0.1(40312) idle»."""
    return title.startswith("postgres:") and database in title.split()


@dataclass(frozen=True)
class Sample:
    app: float | None
    redis: float | None
    postgres: float | None
    machine: float | None  # busy seconds, all cores


def sample(server_pid, redis_pid=None, database=None):
    """CPU seconds so far of the server's tree, Redis, the database's backends, and the
    machine. Backends that exit during a slot take their time with them: with persistent
    connections (DB_CONN_MAX_AGE) they live as long as the workers do."""
    try:
        stats = all_stats()
        machine = parse_machine_stat((PROC / "stat").read_text())[0]
    except (OSError, ValueError):
        return Sample(None, None, None, None)
    postgres = None
    local_postgres = [s for s in stats.values() if s.comm.startswith("postgres")]
    if database and local_postgres:
        # No backend yet counts as 0: the workers connect on their first query.
        postgres = sum(
            precise_cpu(s) for s in local_postgres if is_backend_of(cmdline(s.pid), database)
        )
    redis = precise_cpu(stats[redis_pid]) if redis_pid in stats else None
    return Sample(tree_cpu(stats, server_pid), redis, postgres, machine)


def meter(server_pid, cache_url, database):
    """A function without arguments that returns a Sample for this server and database."""
    return functools.partial(sample, server_pid, local_redis(cache_url), database)


def delta(before, after, name):
    """after − before for one figure; None if either is missing or it went backwards
    (a process replaced in between)."""
    a, b = getattr(after, name), getattr(before, name)
    if a is None or b is None or a < b:
        return None
    return a - b


def other_load(machine_busy, accounted, seconds):
    """Cores used by anything else on average: the machine's busy time minus what the
    server, Redis, PostgreSQL and the client used, over the wall time."""
    if machine_busy is None or not seconds:
        return None
    return max(0.0, machine_busy - sum(x for x in accounted if x is not None)) / seconds


def skew_warnings(load_before, other_cores, during="the slots"):
    """WARNING lines when other load skews the run (empty when it does not)."""
    warnings = []
    if load_before is not None and load_before > LOAD_AVERAGE_LIMIT:
        warnings.append(
            f"WARNING: the 1-minute load average was {load_before:.2f} before the run "
            f"(over {LOAD_AVERAGE_LIMIT:g}): something else was busy."
        )
    if other_cores is not None and other_cores > OTHER_LOAD_LIMIT:
        warnings.append(
            f"WARNING: other processes used {other_cores:.2f} cores during {during} "
            f"(over {OTHER_LOAD_LIMIT:g}): these figures are skewed by other load."
        )
    return warnings
