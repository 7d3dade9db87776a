"""Rows made in the running server's database by a script in its `manage.py shell`, for the
browser tests that need more than the seed (an application, a grant and its report)."""

import json


def scripted_data(manage, create, delete, env_name, data):
    """Run `create` (which prints «PATHS <json>»), yield the JSON it printed, then run
    `delete` (which prints «DELETED»). `data` reaches both scripts as $`env_name`. Use it
    with `yield from` in a fixture."""
    output = manage("shell", "-c", create, extra_env={env_name: data})
    lines = [line for line in output.splitlines() if line.startswith("PATHS ")]
    assert lines, f"The set-up script did not finish:\n{output}"
    yield json.loads(lines[-1].removeprefix("PATHS "))
    assert "DELETED" in manage("shell", "-c", delete, extra_env={env_name: data})
