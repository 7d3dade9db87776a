"""pytest plugin for `make mutate` (docs/mutation.md), loaded in each of mutmut's sessions.

- Database: mutmut starts one pytest session per mutant, and migrating an empty SQLite
  database costs each of them half a minute. With MUTATION_TEST_DB (a database the Makefile
  migrated once) each session tests on a copy of its own, which --reuse-db keeps as it is.
- Tests: of the tests that called the mutated function (mutmut's choice), run only those of
  the mutated module's own area. Every test saves pages, so every test calls the page
  cache's purge: a surviving purge mutant would otherwise run the whole selection.
"""

import os
import shutil
import tempfile
from pathlib import Path

TEMPLATE = os.environ.get("MUTATION_TEST_DB")
AREA_TESTS = {
    "forms.attachments": ["tests/application_form/"],
    "forms.submission": [
        "tests/application_form/",
        "tests/test_application_records.py",
        "tests/test_application_forms_in_context.py",
        "tests/test_form_token_age.py",
    ],
    "forms.status_page": [
        "tests/application_form/",
        "tests/test_application_records.py",
        "tests/test_mutation_guards_status_page.py",
    ],
    "forms.models.submissions": [
        "tests/application_form/",
        "tests/review/",
        "tests/test_application_records.py",
    ],
    "forms.permissions": [
        "tests/review/",
        "tests/test_review_permission.py",
        "tests/test_groups.py",
        "tests/test_applications_one_way_in.py",
    ],
    "applications.policy": [
        "tests/review/",
        "tests/test_review_permission.py",
        "tests/test_groups.py",
        "tests/test_applications_one_way_in.py",
    ],
    "applications.reply_letters": ["tests/review/", "tests/test_reply_letter_texts.py"],
    "applications.retention": [
        "tests/test_retention.py",
        "tests/test_mutation_guards_retention.py",
        "tests/application_form/test_draft_retention.py",
    ],
    "website.page_cache_purge": ["tests/test_page_cache", "tests/test_mutation_guards_page_cache"],
    "website.page_cache": ["tests/test_page_cache", "tests/test_mutation_guards_page_cache"],
}
_copy = None


def pytest_configure(config):
    global _copy
    if not TEMPLATE:
        return
    from django.conf import settings

    handle, name = tempfile.mkstemp(prefix="ksr-mutation-", suffix=".sqlite3")
    os.close(handle)
    _copy = Path(name)
    shutil.copyfile(TEMPLATE, _copy)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(_copy)


def pytest_unconfigure(config):
    if _copy is not None:
        _copy.unlink(missing_ok=True)


def pytest_collection_modifyitems(config, items):
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return  # the stats and clean runs, or not under mutmut at all
    module = mutant.rsplit(".", 1)[0]
    prefixes = tuple(AREA_TESTS.get(module, ()))
    kept = [item for item in items if item.nodeid.startswith(prefixes)]
    if kept:  # never leave a mutant without tests: then mutmut's choice stands
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
