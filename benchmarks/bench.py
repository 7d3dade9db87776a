"""Throughput and CPU per request of the public pages under gunicorn on PostgreSQL, as
production runs them (`make bench`).

Starts the site with production settings and the seed content, the workers sharing their
cache in Redis (`--cache local`: each process its own, which gunicorn allows one worker
only), opens the seed program's application window, and measures in two phases:

- page cache on: the home, strategy and program pages, the form page with its window open
  and a search (the last two are never served from the page cache);
- page cache off (PAGE_CACHE_SECONDS=0): the home, strategy and program pages.

Each page's slot has a /healthz slot just before and just after it, and its throughput is
printed as a ratio of the mean of those two (the cost of server and middleware alone), so
drift on a shared machine cancels out; the page order rotates each round. Around each slot
the CPU time of the gunicorn process tree, Redis, PostgreSQL's backends of the benchmark's
database and the client are read from /proc, and printed per request; what the machine
spent beyond them is other load, and a WARNING says when it skews the figures. Goals:
cached pages ≥ 0.9 of /healthz, uncached content pages ≥ 0.08, the form page ≤ 10 ms of app
CPU per request.

    .venv/bin/python benchmarks/bench.py [--rounds 5] [--seconds 2] [--cache redis|local]

Only 127.0.0.1. A phase lasts about (2 × pages + 1) × rounds × seconds.
"""

import argparse
import asyncio
import os
import sys
import time

import harness
import proc_cpu
from bench_figures import (
    CPU_FIGURES,
    HEALTHZ,
    PHASES,
    Slot,
    cpu_text,
    page_ratios,
    per_request_ms,
    schedule,
    total,
    verdict,
)

DATABASE = "kulturskoleradet_bench"
PATHS = {
    HEALTHZ: "/healthz",
    "home": "/",
    "strategy": "/strategi/",
    "program": "/program/veiledning-for-kulturskoleutvikling/",
    "search": "/sok/?q=kulturskole",
    # "form": the seed program's form page, from site_tools.py open-form
}


class EndpointTally(harness.Tally):
    def __init__(self):
        super().__init__()
        self.cache = {}  # X-Page-Cache value → count

    def hit_rate(self):
        answered = sum(self.cache.values())
        return self.cache.get("hit", 0) / answered if answered else None


async def load(port, request, seconds, concurrency, tally):
    """`concurrency` clients request one URL back to back for `seconds`."""
    deadline = time.perf_counter() + seconds

    async def client():
        while time.perf_counter() < deadline:
            try:
                response = await harness.fetch(port, request)
            except (OSError, TimeoutError) as error:
                tally.fail(type(error).__name__)
                await asyncio.sleep(0.01)  # no busy loop while the server is unreachable
                continue
            if response.status != 200:
                tally.fail(f"HTTP {response.status}")
                continue
            tally.ok(response.seconds)
            if marker := response.header("x-page-cache"):
                tally.cache[marker] = tally.cache.get(marker, 0) + 1

    await asyncio.gather(*(client() for _ in range(concurrency)))


async def measure(server, meter, pages, paths, args):
    """Warm-up, then the slots of schedule(); returns (tallies, timeline)."""
    port = server.port
    names = [HEALTHZ, *pages]
    requests = {name: harness.request_bytes(paths[name], port) for name in names}
    warmup = {name: EndpointTally() for name in names}
    for name in names:  # fills caches and connection pools; not counted
        await load(port, requests[name], args.warmup, args.concurrency, warmup[name])
    broken = {name: t.errors for name, t in warmup.items() if t.errors and not t.latencies}
    if broken:
        raise SystemExit(f"Endpoints failing during warm-up: {broken}")
    tallies = {name: EndpointTally() for name in names}
    timeline = []
    for name in schedule(pages, args.rounds):
        tally = tallies[name]
        answered = len(tally.latencies)
        before = meter()
        cpu, started = time.process_time(), time.perf_counter()
        await load(port, requests[name], args.seconds, args.concurrency, tally)
        seconds, client = time.perf_counter() - started, time.process_time() - cpu
        after = meter()
        tally.elapsed += seconds
        tally.client_cpu += client
        timeline.append(
            Slot(
                name,
                len(tally.latencies) - answered,
                seconds,
                client,
                *(proc_cpu.delta(before, after, f) for f in ("app", "redis", "postgres")),
                proc_cpu.delta(before, after, "machine"),
            )
        )
    return tallies, timeline


def report(phase, pages, tallies, timeline):
    """Print the phase's table and CPU balance; return (rows, unmet goals, warnings)."""
    ratios = page_ratios(timeline)
    print("\nCPU in ms per request: app = the gunicorn processes, pg = the database's backends.")
    print(
        f"{'endpoint':<10}{'rps':>8}{'p50 ms':>8}{'p99 ms':>8}{'vs healthz':>11}"
        f"{'app ms':>8}{'redis ms':>9}{'pg ms':>7}{'client ms':>10}{'hits':>6}  "
        f"{'errors':<7}goal"
    )
    rows, unmet = [], []
    for name in [HEALTHZ, *pages]:
        tally = tallies[name]
        slots = [slot for slot in timeline if slot.name == name]
        cpu = {figure: per_request_ms(slots, figure) for figure in CPU_FIGURES}
        p50, p99 = tally.summary(50, 99)
        hits = tally.hit_rate()
        if name == HEALTHZ:
            rps = sum(s.requests for s in slots) / (sum(s.seconds for s in slots) or 1)
            ratio, goal, met = None, "", None
        else:
            rps, _, ratio = ratios[name]
            goal, met = verdict(phase, name, ratio, cpu["app"], hits)
        if met is False:
            unmet.append(
                f"{phase}: {name} at {ratio:.3f} of /healthz, {cpu_text(cpu['app'])} ms "
                f"app CPU ({goal})"
            )
        print(
            f"{name:<10}{rps:>8.1f}{harness.ms(p50):>8}{harness.ms(p99):>8}"
            f"{'-' if ratio is None else f'{ratio:.3f}':>11}{cpu_text(cpu['app']):>8}"
            f"{cpu_text(cpu['redis']):>9}{cpu_text(cpu['postgres']):>7}"
            f"{cpu_text(cpu['client']):>10}{'-' if hits is None else f'{hits:.0%}':>6}  "
            f"{tally.error_count:<7}{goal}"
        )
        if tally.errors:
            print(f"{'':<10}errors: {tally.errors}")
        rows.append((phase, name, rps, p50, p99, ratio, cpu, goal))

    wall = sum(slot.seconds for slot in timeline)
    used = {figure: total(timeline, figure) for figure in (*CPU_FIGURES, "machine")}
    other = proc_cpu.other_load(used["machine"], [used[f] for f in CPU_FIGURES], wall)
    cores = {f: "n/a" if v is None else f"{v / wall:.2f}" for f, v in used.items()}
    print(
        f"CPU during the slots, in cores: machine {cores['machine']} = server {cores['app']}"
        f" + Redis {cores['redis']} + PostgreSQL {cores['postgres']} + client "
        f"{cores['client']} + other {'n/a' if other is None else f'{other:.2f}'}"
    )
    warnings = proc_cpu.skew_warnings(None, other)
    for warning in warnings:
        print(f"{phase}: {warning}")
    return rows, unmet, [f"{phase}: {w}" for w in warnings]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per phase (5)")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per slot (2)")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up per endpoint (1)")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="parallel connections (workers + 3)"
    )
    parser.add_argument(
        "--cache",
        default="redis",
        choices=["redis", "local"],
        help="the workers' cache: shared in Redis as in production (redis), or each "
        "process its own in memory, with one worker (local)",
    )
    # One sync worker per core by default, as the figures were measured: with more
    # workers than cores every connection wakes them all (gunicorn's accept), and the app CPU
    # per request measures that herd as much as the site (--workers 5: production's count).
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="sync workers (one per core)"
    )
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--pg", default=harness.PG_DEFAULT, help="PostgreSQL server URL")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    notes = []
    if args.cache == "local" and args.workers != 1:
        # gunicorn.conf.py refuses several workers without CACHE_URL under production
        # settings (each would keep its own stale pages), so this mode has one.
        notes.append(
            f"--cache local: 1 worker instead of {args.workers} (gunicorn refuses several "
            "workers without CACHE_URL); production does not run like this."
        )
        args.workers = 1
    if args.concurrency is None:
        # Enough to keep every worker busy with the next connection queued, not more:
        # extra connections only add queueing to the latencies.
        args.concurrency = args.workers * args.threads + 3
    if not (0 < args.rounds <= 50 and 0 < args.seconds <= 30 and 0 < args.concurrency <= 200):
        raise SystemExit("Keep it bounded: rounds ≤ 50, seconds ≤ 30, concurrency ≤ 200.")

    harness.exit_on_sigterm()
    started = time.monotonic()
    warnings = proc_cpu.skew_warnings(harness.load_average_1(), None)
    print(f"Machine: {harness.machine_summary()}; load average {harness.load_average()}")
    for line in notes + warnings:
        print(line)
    site = harness.Site(args.pg, DATABASE, keep=args.keep, shared_cache=args.cache == "redis")
    all_rows, all_unmet, failed = [], [], False
    try:
        print(f"Setting up {DATABASE} (migrate, seed content, static files) …", flush=True)
        print(f"  done in {site.prepare(args.pg):.0f} s")
        form = site.site_tool("open-form")
        paths = {**PATHS, "form": form["url"]}
        print(f"Form page {form['url']}: window {form['status']}")
        cache = f"Redis {site.cache_url}" if site.cache_url else "per-process memory"
        for phase, cache_seconds, pages in PHASES:
            server = harness.Server(
                site,
                args.workers,
                args.worker_class,
                args.threads,
                PAGE_CACHE_SECONDS=cache_seconds,
            )
            print(
                f"\n== {phase} (PAGE_CACHE_SECONDS={cache_seconds or 'default'}, cache in "
                f"{cache}) — {server.describe()}, {args.concurrency} connections, "
                f"{args.rounds} rounds × {args.seconds:g} s per slot, /healthz around each ==",
                flush=True,
            )
            with server:
                meter = proc_cpu.meter(server.process.pid, site.cache_url, DATABASE)
                try:
                    tallies, timeline = asyncio.run(measure(server, meter, pages, paths, args))
                except SystemExit:
                    print(server.log_tail())
                    raise
            rows, unmet, phase_warnings = report(phase, pages, tallies, timeline)
            all_rows += rows
            all_unmet += unmet
            warnings += phase_warnings
            if any(t.errors for t in tallies.values()):
                failed = True
                print(server.log_tail())
        tracebacks = harness.count_tracebacks(site)
        if tracebacks:
            failed = True
            print(f"\nThe server logged {tracebacks} traceback(s); see {site.log_path}")
            site.keep = True
    finally:
        site.cleanup()

    print(f"\nLoad average at the end: {harness.load_average()}")
    print(
        "\nFor docs/performance.md (endpoint | phase | rps | p50 ms | p99 ms | vs healthz | "
        "app CPU ms | Redis ms | PostgreSQL ms | goal):"
    )
    for phase, name, rps, p50, p99, ratio, cpu, goal in all_rows:
        print(
            f"| {name} | {phase} | {rps:.0f} | {harness.ms(p50)} | {harness.ms(p99)} | "
            f"{'–' if ratio is None else f'{ratio:.3f}'} | {cpu_text(cpu['app'])} | "
            f"{cpu_text(cpu['redis'])} | {cpu_text(cpu['postgres'])} | {goal or '–'} |"
        )
    print(f"\nTotal time: {time.monotonic() - started:.0f} s")
    for line in notes + warnings:
        print(line)
    if all_unmet:
        print("Goals not met: " + "; ".join(all_unmet))
    else:
        print("All goals met.")
    if failed:
        print("FAILED: requests failed or the server logged errors; these figures do not count.")
        return 1
    return 1 if (args.strict and all_unmet) else 0


if __name__ == "__main__":
    sys.exit(main())
