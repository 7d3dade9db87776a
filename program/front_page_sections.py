"""The program app's sections on the front page (home/front_page.py), registered in
ProgramConfig.ready(): open and upcoming calls, and the next gatherings across programs.

Everything is said from the program pages' date fields (their live Norwegian facts on a
translated page), never typed, so the front page cannot disagree with the program pages.
"""

from django.utils import timezone

from home import front_page
from home.page_data import for_content

from .application_window import WindowState
from .models import ProgramPage

NEXT_GATHERINGS = 4


def programs_of(home_page):
    """The live, public programs under this home page (its language), Norwegian facts on."""
    programs = (
        ProgramPage.objects.live()
        .public()
        .descendant_of(home_page)
        .defer_streamfields()
        .prefetch_related("gatherings")
        .order_by("path")
    )
    programs = ProgramPage.with_source_facts(programs)
    for program in programs:
        # Loaded now, so the copy kept for the content generation has them.
        program.sorted_gatherings  # noqa: B018
    return programs


def _programs(home_page, request):
    # Both sections use the same programs: fetch them once per request, and the database
    # only once per content generation (what is open is decided per request, by the clock).
    cache = request.__dict__.setdefault("_front_page_programs", {})
    if home_page.pk not in cache:
        cache[home_page.pk] = for_content(
            request, home_page, "front-page-programs", lambda: programs_of(home_page)
        )
    return cache[home_page.pk]


def open_calls(home_page, request):
    """Programs whose application window is open (soonest deadline first), then those
    opening later (soonest first)."""
    now = timezone.now()
    calls = []
    for program in _programs(home_page, request):
        status = program.application_status(now)
        if status and status.state is not WindowState.CLOSED:
            calls.append((program, status))
    if not calls:
        return None
    calls.sort(key=lambda call: (call[1].state is not WindowState.OPEN, call[1].closes))
    return {"calls": [{"program": program, "status": status} for program, status in calls]}


def next_gatherings(home_page, request):
    """The next gatherings that have not ended, across every program."""
    now = timezone.now()
    upcoming = [
        {"program": program, "gathering": gathering}
        for program in _programs(home_page, request)
        for gathering in program.sorted_gatherings
        if gathering.ends_at > now
    ]
    if not upcoming:
        return None
    upcoming.sort(key=lambda row: row["gathering"].starts_at)
    return {"gatherings": upcoming[:NEXT_GATHERINGS]}


def register():
    front_page.register(
        "open_calls", "program/includes/front_page_calls.html", open_calls, order=10
    )
    front_page.register(
        "next_gatherings",
        "program/includes/front_page_gatherings.html",
        next_gatherings,
        order=20,
    )
