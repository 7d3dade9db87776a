"""Throughput and latency of the public pages under gunicorn on PostgreSQL (`make bench`).

Starts the site with production settings and the seed content, then measures the home
page, the strategy page, the program page, a search and /healthz in two phases: with the
page cache on and off (PAGE_CACHE_SECONDS=0), each with its own server and its own
/healthz figures. Within a phase the endpoints take turns in short slots, in a rotating
order over several rounds, so drift on a shared machine hits them all alike. Each page's
throughput is printed as a ratio of /healthz's (the cost of server and middleware alone),
against the goals: cached pages ≥ 0.9, uncached content pages ≥ 0.04. The workers share
their cache in Redis, as production's must (harness.Site); with Redis on the same cores as
gunicorn and the client, cached pages stay below 0.9 (README «Measured figures»).

    .venv/bin/python benchmarks/bench.py [--rounds 5] [--seconds 2] [--concurrency 8]

Only 127.0.0.1. Each phase lasts about endpoints × (rounds + 1) × seconds.
"""

import argparse
import asyncio
import sys
import time

import harness

DATABASE = "kulturskoleradet_bench"
ENDPOINTS = [
    ("healthz", "/healthz"),
    ("home", "/"),
    ("strategy", "/strategi/"),
    ("program", "/program/veiledning-for-kulturskoleutvikling/"),
    ("search", "/sok/?q=kulturskole"),
]
CONTENT_PAGES = {"home", "strategy", "program"}
CACHED_GOAL = 0.9
UNCACHED_GOAL = 0.04
PHASES = [("cache on", None), ("cache off", "0")]  # PAGE_CACHE_SECONDS: default / off


class EndpointTally(harness.Tally):
    def __init__(self):
        super().__init__()
        self.cache = {}  # X-Page-Cache value → count

    def hit_rate(self):
        answered = sum(self.cache.values())
        return self.cache.get("hit", 0) / answered if answered else None


async def slot(port, request, seconds, concurrency, tally):
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

    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    tally.elapsed += time.perf_counter() - started
    tally.client_cpu += time.process_time() - cpu


async def measure(port, args):
    requests = {name: harness.request_bytes(path, port) for name, path in ENDPOINTS}
    warmup = {name: EndpointTally() for name, _ in ENDPOINTS}
    for name, _ in ENDPOINTS:  # fills caches and connection pools; not counted
        await slot(port, requests[name], args.warmup, args.concurrency, warmup[name])
    broken = {name: t.errors for name, t in warmup.items() if t.errors and not t.latencies}
    if broken:
        raise SystemExit(f"Endpoints failing during warm-up: {broken}")
    tallies = {name: EndpointTally() for name, _ in ENDPOINTS}
    for round_ in range(args.rounds):
        shift = round_ % len(ENDPOINTS)
        for name, _ in ENDPOINTS[shift:] + ENDPOINTS[:shift]:
            await slot(port, requests[name], args.seconds, args.concurrency, tallies[name])
    return tallies


def goal_for(phase, name, tally):
    if phase == "cache on":
        # Search is only held to the cached goal if it is actually served from the cache.
        if name in CONTENT_PAGES or (name == "search" and tally.hit_rate()):
            return CACHED_GOAL
        return None
    return UNCACHED_GOAL if name in CONTENT_PAGES else None


def report(phase, tallies):
    """Print the phase's table; return (rows for the summary, unmet goals)."""
    health = tallies["healthz"]
    base = len(health.latencies) / health.elapsed if health.elapsed else 0.0
    print(
        f"\n{'endpoint':<10}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs healthz':>12}"
        f"{'cache hits':>12}{'client cpu':>12}  {'errors':<8}goal"
    )
    rows, unmet = [], []
    for name, _ in ENDPOINTS:
        tally = tallies[name]
        rps = len(tally.latencies) / tally.elapsed if tally.elapsed else 0.0
        ratio = rps / base if base else 0.0
        p50, p99 = tally.summary(50, 99)
        hits = tally.hit_rate()
        goal = goal_for(phase, name, tally)
        verdict = ""
        if goal is not None:
            met = ratio >= goal
            verdict = f"≥ {goal:g}: {'ok' if met else 'NOT MET'}"
            if not met:
                unmet.append(f"{phase}: {name} {ratio:.3f} < {goal:g}")
        print(
            f"{name:<10}{rps:>9.1f}{harness.ms(p50):>9}{harness.ms(p99):>9}{ratio:>12.3f}"
            f"{'-' if hits is None else f'{hits:.0%}':>12}"
            f"{tally.client_cpu / (tally.elapsed or 1):>12.0%}  {tally.error_count:<8}{verdict}"
        )
        if tally.errors:
            print(f"{'':<10}errors: {tally.errors}")
        rows.append((phase, name, rps, p50, p99, ratio, verdict))
    return rows, unmet


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per phase (5)")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per slot (2)")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up per endpoint (1)")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="parallel connections (workers + 3)"
    )
    parser.add_argument("--workers", type=int, default=harness.default_workers())
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--pg", default=harness.PG_DEFAULT, help="PostgreSQL server URL")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.concurrency is None:
        # Enough to keep every worker busy with the next connection queued, not more:
        # extra connections only add queueing to the latencies.
        args.concurrency = args.workers * args.threads + 3
    if not (0 < args.rounds <= 50 and 0 < args.seconds <= 30 and 0 < args.concurrency <= 200):
        raise SystemExit("Keep it bounded: rounds ≤ 50, seconds ≤ 30, concurrency ≤ 200.")

    harness.exit_on_sigterm()
    started = time.monotonic()
    print(f"Machine: {harness.machine_summary()}; load average {harness.load_average()}")
    site = harness.Site(args.pg, DATABASE, keep=args.keep)
    all_rows, all_unmet, failed = [], [], False
    try:
        print(f"Setting up {DATABASE} (migrate, seed content, static files) …", flush=True)
        print(f"  done in {site.prepare(args.pg):.0f} s")
        for phase, cache_seconds in PHASES:
            server = harness.Server(
                site,
                args.workers,
                args.worker_class,
                args.threads,
                PAGE_CACHE_SECONDS=cache_seconds,
            )
            print(
                f"\n== {phase} (PAGE_CACHE_SECONDS={cache_seconds or 'default'}) — "
                f"{server.describe()}, {args.concurrency} connections, {args.rounds} rounds "
                f"× {args.seconds:g} s per endpoint ==",
                flush=True,
            )
            with server:
                try:
                    tallies = asyncio.run(measure(server.port, args))
                except SystemExit:
                    print(server.log_tail())
                    raise
            rows, unmet = report(phase, tallies)
            all_rows += rows
            all_unmet += unmet
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
    print("\nFor the README (endpoint | phase | rps | p50 ms | p99 ms | vs healthz | goal):")
    for phase, name, rps, p50, p99, ratio, verdict in all_rows:
        print(
            f"| {name} | {phase} | {rps:.0f} | {harness.ms(p50)} | {harness.ms(p99)} | "
            f"{ratio:.3f} | {verdict or '–'} |"
        )
    print(f"\nTotal time: {time.monotonic() - started:.0f} s")
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
