"""The benchmark's own arithmetic (benchmarks/), without a server: reading CPU time from
/proc, the /healthz slots around each page, CPU per request, the goals, the warning about
other load, the deadline rush's line, and the per-process cache mode's environment."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_figures as figures  # noqa: E402
import harness  # noqa: E402
import load  # noqa: E402
import proc_cpu  # noqa: E402

from website.deployment import refuse_unshared_cache  # noqa: E402

T = proc_cpu.TICKS


def stat_line(pid, comm, ppid, utime, stime, cutime=0, cstime=0):
    # Fields 3..17 of /proc/<pid>/stat, then some of the rest.
    fields = ["S", ppid, pid, pid, 0, -1, 4194560, 100, 0, 0, 0]
    fields += [utime, stime, cutime, cstime, 20, 0, 1, 0, 12345]
    return f"{pid} ({comm}) " + " ".join(str(f) for f in fields)


def test_pid_stat_is_read_after_the_last_parenthesis():
    stat = proc_cpu.parse_pid_stat(stat_line(42, "gunicorn: worker (a) b", 7, T, 2 * T, 3 * T, T))
    assert (stat.pid, stat.comm, stat.ppid) == (42, "gunicorn: worker (a) b", 7)
    assert stat.own == pytest.approx(3.0)
    assert stat.children == pytest.approx(4.0)


def test_machine_busy_time_leaves_out_idle_and_iowait():
    text = f"cpu  {T} {T} {T} {50 * T} {7 * T} {T} {T} {T} {9 * T} 0\ncpu0 1 2 3 4\n"
    busy, total = proc_cpu.parse_machine_stat(text)
    assert busy == pytest.approx(6.0)  # user nice system irq softirq steal; guest is in user
    assert total == pytest.approx(63.0)


def test_the_server_tree_counts_workers_grandchildren_and_reaped_workers_only():
    stats = {
        s.pid: s
        for s in (
            proc_cpu.ProcStat(10, "gunicorn", 1, own=1.0, children=5.0),  # 5: reaped workers
            proc_cpu.ProcStat(11, "worker", 10, own=2.0, children=0.0),
            proc_cpu.ProcStat(12, "worker", 10, own=3.0, children=0.0),
            proc_cpu.ProcStat(13, "helper", 12, own=0.5, children=0.0),
            proc_cpu.ProcStat(20, "other", 1, own=100.0, children=100.0),
        )
    }
    assert proc_cpu.tree_cpu(stats, 10) == pytest.approx(11.5)
    assert proc_cpu.tree_cpu(stats, 99) is None


def test_schedstat_gives_nanoseconds():
    assert proc_cpu.parse_schedstat("8616573404 9848251964 89728\n") == pytest.approx(8.616573404)


def test_precise_cpu_sums_the_threads_and_falls_back_to_ticks(tmp_path, monkeypatch):
    for tid, ns in ((5, 1_500_000), (6, 250_000)):
        (tmp_path / "5" / "task" / str(tid)).mkdir(parents=True)
        (tmp_path / "5" / "task" / str(tid) / "schedstat").write_text(f"{ns} 0 1\n")
    monkeypatch.setattr(proc_cpu, "PROC", tmp_path)
    assert proc_cpu.precise_cpu(proc_cpu.ProcStat(5, "redis-server", 1, 9.0, 0.0)) == (
        pytest.approx(0.00175)
    )
    assert proc_cpu.precise_cpu(proc_cpu.ProcStat(7, "postgres", 1, 9.0, 0.0)) == 9.0


def test_backends_are_recognised_by_their_database():
    title = "postgres: 15/main: postgres kulturskoleradet_bench 127.0.0.1(40312) idle"
    assert proc_cpu.is_backend_of(title, "kulturskoleradet_bench")
    assert not proc_cpu.is_backend_of(title, "kulturskoleradet")
    assert not proc_cpu.is_backend_of("postgres: 15/main: walwriter", "kulturskoleradet_bench")


def test_deltas_are_missing_when_unread_or_backwards():
    before = proc_cpu.Sample(app=1.0, redis=None, postgres=5.0, machine=10.0)
    after = proc_cpu.Sample(app=1.5, redis=2.0, postgres=4.0, machine=12.0)
    assert proc_cpu.delta(before, after, "app") == pytest.approx(0.5)
    assert proc_cpu.delta(before, after, "redis") is None
    assert proc_cpu.delta(before, after, "postgres") is None  # a backend went away
    assert proc_cpu.delta(before, after, "machine") == pytest.approx(2.0)


def test_other_load_is_what_the_machine_spent_beyond_the_benchmark():
    # 3 s busy over 2 s of wall time; 1.6 s known (Redis unreadable): 0.7 cores of other load.
    assert proc_cpu.other_load(3.0, [1.2, None, 0.3, 0.1], 2.0) == pytest.approx(0.7)
    assert proc_cpu.other_load(1.0, [1.2], 2.0) == 0.0
    assert proc_cpu.other_load(None, [1.2], 2.0) is None


def test_skew_warnings_over_their_limits_only():
    assert proc_cpu.skew_warnings(0.5, 0.10) == []
    assert proc_cpu.skew_warnings(None, None) == []
    [load_warning] = proc_cpu.skew_warnings(0.51, 0.0)
    assert load_warning.startswith("WARNING") and "0.51" in load_warning
    [other_warning] = proc_cpu.skew_warnings(0.0, 0.11)
    assert other_warning.startswith("WARNING") and "0.11 cores" in other_warning


def test_every_page_slot_has_healthz_just_before_and_after_and_the_order_rotates():
    slots = figures.schedule(["a", "b", "c"], 2)
    h = figures.HEALTHZ
    assert slots == [h, "a", h, "b", h, "c", h, "b", h, "c", h, "a", h]


def test_ratio_is_over_the_mean_of_the_healthz_slots_around_each_page():
    h = figures.HEALTHZ
    timeline = [
        figures.Slot(h, 1000, 10.0),  # 100/s
        figures.Slot("a", 90, 10.0),  # 9/s
        figures.Slot(h, 800, 10.0),  # 80/s
        figures.Slot("b", 30, 10.0),
        figures.Slot(h, 600, 10.0),  # 60/s
        figures.Slot("a", 60, 10.0),  # 6/s
        figures.Slot(h, 1000, 10.0),
    ]
    ratios = figures.page_ratios(timeline)
    rps, base, ratio = ratios["a"]
    assert rps == pytest.approx(7.5)
    assert base == pytest.approx((100 + 80 + 60 + 100) / 4)
    assert ratio == pytest.approx(7.5 / 85)
    assert ratios["b"][1] == pytest.approx(70)


def test_cpu_per_request_in_ms_and_missing_when_a_slot_could_not_be_read():
    slots = [figures.Slot("a", 100, 1.0, app=0.5), figures.Slot("a", 100, 1.0, app=1.5)]
    assert figures.per_request_ms(slots, "app") == pytest.approx(10.0)
    slots.append(figures.Slot("a", 10, 1.0, app=None))
    assert figures.per_request_ms(slots, "app") is None


@pytest.mark.parametrize(
    ("phase", "name", "ratio", "app_ms", "hits", "met"),
    [
        ("cache on", "home", 0.9, 1.0, 1.0, True),
        ("cache on", "program", 0.89, 1.0, 1.0, False),
        ("cache off", "strategy", 0.08, 9.0, None, True),
        ("cache off", "home", 0.079, 9.0, None, False),
        ("cache on", "form", 0.01, 10.0, None, True),
        ("cache on", "form", 0.5, 10.1, None, False),
        ("cache on", "search", 0.01, 30.0, None, None),  # not served from the cache
        ("cache on", "search", 0.5, 1.0, 1.0, False),  # it is: held to the cached goal
    ],
)
def test_goals(phase, name, ratio, app_ms, hits, met):
    text, result = figures.verdict(phase, name, ratio, app_ms, hits)
    assert result is met
    assert ("NOT MET" in text) is (met is False)


def test_the_form_page_goal_is_not_judged_without_its_cpu_figure():
    assert figures.verdict("cache on", "form", 0.5, None, None) == ("≤ 10 ms app CPU: n/a", None)


def test_deadline_rush_reports_the_form_page_p95_against_250_ms():
    latencies = [0.1] * 94 + [0.249] + [5.0] * 5  # the 95th of 100 is 249 ms
    line, met = load.rush_summary(latencies, 20, 10.0, 237)
    assert met
    assert "p95 249.0 ms" in line and "ok" in line and "23.7 applications/s" in line
    line, met = load.rush_summary([0.1] * 94 + [0.25] * 6, 10, 10.0, 237)
    assert not met
    assert "NOT MET" in line and "set for 20 clients" in line


def test_the_per_process_cache_mode_runs_without_cache_url_which_gunicorn_allows_one_worker(
    monkeypatch,
):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setenv("CACHE_KEY_PREFIX", "ksr-benchmark-tools-test")  # cleanup leaves Redis be
    local = harness.Site(harness.PG_DEFAULT, "kulturskoleradet_bench", shared_cache=False)
    shared = harness.Site(harness.PG_DEFAULT, "kulturskoleradet_bench")
    try:
        env = local.env()
        assert "CACHE_URL" not in env
        assert refuse_unshared_cache(1, env) is None
        assert refuse_unshared_cache(2, env) is not None
        assert shared.env()["CACHE_URL"] == "redis://127.0.0.1:6379/9"
    finally:
        local.cleanup()
        shared.cleanup()
