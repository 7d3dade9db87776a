"""The table of `make mutate` (docs/mutation.md), from mutmut's results in mutants/: per
module its mutants, how many the tests killed, how many survived, timeouts and suspicious
runs, and the score; then each surviving mutant as a diff against the real code.

A mutant no test reaches («no tests») counts as a survivor: nothing would notice it either.
Mutants outside `make mutate`'s scope (MUTATE_SCOPE) are not run and not counted.
"""

import json
import sys
import tomllib
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code

COLUMNS = ("module", "mutants", "killed", "survived", "timeout/suspicious", "score")


def modules():
    config = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]
    return config["only_mutate"]


def results(module):
    meta = Path("mutants") / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in codes.items() if code is not None}


def row(module, statuses):
    counts = {"killed": 0, "survived": 0, "other": 0}
    for status in statuses.values():
        if status in ("killed", "caught by type check"):
            counts["killed"] += 1
        elif status in ("survived", "no tests"):
            counts["survived"] += 1
        else:  # timeout, suspicious, segfault, not checked
            counts["other"] += 1
    total = len(statuses)
    score = f"{100 * counts['killed'] / total:.1f} %" if total else "-"
    return (module, total, counts["killed"], counts["survived"], counts["other"], score)


def main():
    rows, survivors = [], []
    for module in modules():
        statuses = results(module)
        rows.append(row(module, statuses))
        survivors += [
            (module, name, status)
            for name, status in sorted(statuses.items())
            if status not in ("killed", "caught by type check")
        ]
    totals = [sum(r[i] for r in rows) for i in (1, 2, 3, 4)]
    score = f"{100 * totals[1] / totals[0]:.1f} %" if totals[0] else "-"
    rows.append(("total", *totals, score))

    widths = [max(len(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    aligns = ["<"] + [">"] * (len(COLUMNS) - 1)

    def table_line(cells):
        return (
            "| "
            + " | ".join(f"{c!s:{a}{w}}" for c, a, w in zip(cells, aligns, widths, strict=True))
            + " |"
        )

    print(table_line(COLUMNS))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(table_line(r))

    print(f"\n{len(survivors)} mutants not killed:")
    for module, name, status in survivors:
        print(f"\n# {name} ({status})")
        print(get_diff_for_mutant(name, path=module))
    return 0


if __name__ == "__main__":
    sys.exit(main())
