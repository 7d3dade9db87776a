"""The cache «generation»: which state of the content cached values were made from.

Any content change starts a new generation (page_cache_purge.py); cached pages and values
made in an older one are not used any more. What keeps it cheap:

- A request reads the generation once. The page cache middleware reads it (together with
  the page, in one round trip) and opens `request_generation()`; `current_generation()`
  answers with that value for the rest of the request. A purge within the request
  (`new_generation()`, an editor publishing) replaces it, so nothing later in the request
  uses the old one. Outside a request it is read from the cache each time.
- `for_generation()` keeps values in this process's memory for one generation only (the
  current one: older ones are dropped), then in the shared cache, then computes them. It
  keeps pickled bytes and unpickles them for every use, so no two requests share one
  object (program pages are changed while they are rendered).
- `kept_here(generation)` is that memory for values never changed after they are made;
  `kept_copy()` keeps objects there pickled and gives each use its own copy.
- Values live a day at most, here as in the shared cache: a day is the time lookups
  are allowed to depend on (none should).
- Every process that works on the database sees the generation: with a shared cache
  (Redis) it lives there; with each process's own memory cache (no CACHE_URL) it lives in
  a file beside the SQLite database (or in the temporary folder, named after the
  PostgreSQL database), so a page published by a management command (scheduled
  publishing, a script) shows on the server at once. Only a database in memory, which no
  other process sees, keeps it in the memory cache.
"""

import hashlib
import os
import pickle
import tempfile
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections

GENERATION_KEY = "pagecache:generation"
DAY = 24 * 3600
MISSING = object()

# The generation this request read, in a mutable holder: a purge in the request replaces it.
_request = ContextVar("cache_generation_request", default=None)


@contextmanager
def request_generation(generation):
    """`current_generation()` answers `generation` (or, when None, the first one it reads)
    until the block ends."""
    holder = {"generation": generation}
    token = _request.set(holder)
    try:
        yield holder
    finally:
        _request.reset(token)


def _generation_file():
    """The file holding the generation, or None when the cache holds it."""
    if not isinstance(caches["default"], LocMemCache):
        return None
    database = connections["default"].settings_dict
    name = str(database["NAME"])
    if "sqlite" in database["ENGINE"]:
        if name == ":memory:" or "mode=memory" in name:
            return None  # no other process sees this database
        return Path(f"{name}.generation")
    place = "|".join(str(database.get(part)) for part in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(place.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ksr-generation-{digest}"


def generation_in_cache():
    """Whether the cache holds the generation (so it can be fetched with a page)."""
    return _generation_file() is None


def _read_file(path):
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def _write_file(path, generation):
    # Written whole, then renamed: a reader never sees half a generation.
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.partial")
    partial.write_text(generation)
    os.replace(partial, path)


def _read_generation():
    path = _generation_file()
    if path is not None:
        generation = _read_file(path)
        if generation is None:
            generation = uuid.uuid4().hex
            _write_file(path, generation)
        return generation
    # The fast path (not mutation tested: without it the add and get below find the same).
    generation = cache.get(GENERATION_KEY)  # pragma: no mutate
    if generation is None:
        # A cold or flushed cache starts a generation of its own.
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def current_generation():
    holder = _request.get()
    if holder is None:
        return _read_generation()
    if not holder["generation"]:
        holder["generation"] = _read_generation()
    return holder["generation"]


def new_generation():
    generation = uuid.uuid4().hex
    path = _generation_file()
    if path is None:
        cache.set(GENERATION_KEY, generation, timeout=None)
    else:
        _write_file(path, generation)
    holder = _request.get()
    if holder is not None:
        holder["generation"] = generation


class _Memory:
    def __init__(self, generation):
        self.generation = generation
        self.pickled = {}  # name: (expires, bytes)
        self.plain = {}


_memory = _Memory(None)


def _memory_for(generation):
    global _memory
    memory = _memory
    if memory.generation != generation:
        # A new generation (or a request still in an older one) starts afresh: the other
        # generation's values are dropped, so memory holds one generation's worth.
        memory = _memory = _Memory(generation)
    return memory


def kept_here(generation):
    """A dict in this process's memory for `generation`, for values no one changes."""
    return _memory_for(generation).plain


def kept_copy(name, compute):
    """A copy of `compute()`, kept pickled in this process's memory for the current
    generation only (never in the shared cache: for objects like pages, which each use may
    change). `name` must say everything the value depends on."""
    kept = kept_here(current_generation())
    if name not in kept:
        kept[name] = pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL)
    return pickle.loads(kept[name])


def for_generation(name, compute, generation=None):
    """`compute()`, kept until content next changes (a day at most).

    For lookups every page repeats (the site, its settings, menus): a new generation
    makes them fresh. `name` must say everything the value depends on.
    """
    generation = generation or current_generation()
    memory = _memory_for(generation)
    kept = memory.pickled.get(name)
    if kept is not None and kept[0] > time.time():
        return pickle.loads(kept[1])
    key = f"generation:{generation}:{name}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, timeout=DAY)
    memory.pickled[name] = (time.time() + DAY, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return value
