"""The benchmark's figures, apart from the server and the client so they can be tested
without either: the order of the slots, each page's ratio to the /healthz slots around it,
CPU per request, and the goals."""

from dataclasses import dataclass

HEALTHZ = "healthz"
CONTENT_PAGES = ["home", "strategy", "program"]
CACHED_GOAL = 0.9
UNCACHED_GOAL = 0.08
FORM_CPU_GOAL_MS = 10.0
# (phase, PAGE_CACHE_SECONDS: default / off, pages). The form page and the search are not
# served from the page cache in either phase, so they are measured once.
PHASES = [
    ("cache on", None, [*CONTENT_PAGES, "form", "search"]),
    ("cache off", "0", CONTENT_PAGES),
]
CPU_FIGURES = ("app", "redis", "postgres", "client")


@dataclass
class Slot:
    """One slot's figures; CPU in seconds (None: could not be read)."""

    name: str
    requests: int
    seconds: float
    client: float = 0.0
    app: float | None = None
    redis: float | None = None
    postgres: float | None = None
    machine: float | None = None

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def schedule(pages, rounds):
    """The slots in order: /healthz before and after every page (shared between
    neighbours), the page order rotating each round."""
    slots = [HEALTHZ]
    for round_ in range(rounds):
        shift = round_ % len(pages)
        for page in pages[shift:] + pages[:shift]:
            slots += [page, HEALTHZ]
    return slots


def page_ratios(timeline):
    """name → (requests/s over its slots, mean requests/s of the /healthz slots just
    before and after each of them, the ratio of the two)."""
    requests, seconds, neighbours = {}, {}, {}
    for i, slot in enumerate(timeline):
        if slot.name == HEALTHZ:
            continue
        requests[slot.name] = requests.get(slot.name, 0) + slot.requests
        seconds[slot.name] = seconds.get(slot.name, 0.0) + slot.seconds
        for j in (i - 1, i + 1):
            if 0 <= j < len(timeline) and timeline[j].name == HEALTHZ:
                neighbours.setdefault(slot.name, []).append(timeline[j].rps)
    ratios = {}
    for name in requests:
        rps = requests[name] / seconds[name] if seconds[name] else 0.0
        base = neighbours.get(name) or [0.0]
        base = sum(base) / len(base)
        ratios[name] = (rps, base, rps / base if base else 0.0)
    return ratios


def per_request_ms(slots, figure):
    """Mean CPU ms per request of one figure over slots; None if any slot lacks it."""
    values = [getattr(slot, figure) for slot in slots]
    count = sum(slot.requests for slot in slots)
    if not count or any(value is None for value in values):
        return None
    return sum(values) / count * 1000


def verdict(phase, name, ratio, app_ms, hit_rate):
    """(«≥ 0.9: ok»-style text, met) for a page with a goal, else ("", None)."""
    if name == "form":
        if app_ms is None:
            return f"≤ {FORM_CPU_GOAL_MS:g} ms app CPU: n/a", None
        met = app_ms <= FORM_CPU_GOAL_MS
        return f"≤ {FORM_CPU_GOAL_MS:g} ms app CPU: {'ok' if met else 'NOT MET'}", met
    if phase == "cache on":
        # Search is held to the cached goal only if it is actually served from the cache.
        goal = CACHED_GOAL if name in CONTENT_PAGES or (name == "search" and hit_rate) else None
    else:
        goal = UNCACHED_GOAL if name in CONTENT_PAGES else None
    if goal is None:
        return "", None
    met = ratio >= goal
    return f"≥ {goal:g}: {'ok' if met else 'NOT MET'}", met


def cpu_text(value):
    return "n/a" if value is None else f"{value:.2f}"


def total(slots, figure):
    values = [getattr(slot, figure) for slot in slots]
    return None if any(value is None for value in values) else sum(values)
