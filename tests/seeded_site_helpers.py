"""The seeded site, fast: `load_initial_data` runs once per test process, and each test that
asks for the seeded site gets the rows it wrote copied into its own transaction.

The copy is used only when the database is, row for row, as it was when the command ran
(as the migrations left it): then the result is the same as running the command again, in
a fraction of a second instead of seconds. Otherwise (a fixture wrote something first) the
command runs as it always did.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction


class _Undo(Exception):
    """Raised to roll back the command's own run once its rows are recorded."""


def _frozen(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    return value


def _tables(cursor):
    """{table: (columns, key column)}: every table whose rows a test can see, but SQLite's
    full-text tables (Wagtail's search index): triggers on the index's own table fill them."""
    names = connection.introspection.table_names(cursor)
    virtual = set()
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        virtual = {name for (name,) in cursor.fetchall()}
    tables = {}
    for name in names:
        if name in virtual or any(name.startswith(f"{table}_") for table in virtual):
            continue
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)} WHERE 1 = 0")
        columns = [column[0] for column in cursor.description]
        key = connection.introspection.get_primary_key_column(cursor, name)
        tables[name] = (columns, key)
    return tables


def _select(column):
    # On SQLite, `+column` is the stored value as it is: an expression has no declared type,
    # so none of Django's converters turns it into a Python date or time it cannot write back.
    return ("+" if connection.vendor == "sqlite" else "") + connection.ops.quote_name(column)


def _rows(cursor, tables):
    """{table: {frozen row: row}}."""
    contents = {}
    for name, (columns, _key) in tables.items():
        quoted = ", ".join(_select(column) for column in columns)
        cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(name)}")
        contents[name] = {_frozen(row): row for row in cursor.fetchall()}
    return contents


class SeedSnapshot:
    """What `load_initial_data` changes, table by table, on the database as it is now."""

    def __init__(self):
        with connection.cursor() as cursor:
            self.tables = _tables(cursor)
        if any(key is None for _columns, key in self.tables.values()):
            self.before = None  # a table without a key: rows cannot be replaced one by one
            return
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    before = _rows(cursor, self.tables)
                call_command("load_initial_data", stdout=io.StringIO())
                with connection.cursor() as cursor:
                    after = _rows(cursor, self.tables)
                raise _Undo
        except _Undo:
            pass
        self.before = {name: frozenset(rows) for name, rows in before.items()}
        self.changes = {}
        for name, rows in after.items():
            removed = self.before[name] - rows.keys()
            added = [row for frozen, row in rows.items() if frozen not in self.before[name]]
            if removed or added:
                columns, key = self.tables[name]
                index = columns.index(key)
                self.changes[name] = ([row[index] for row in removed], added)

    def matches_the_database(self):
        if self.before is None:
            return False
        with connection.cursor() as cursor:
            now = _rows(cursor, self.tables)
        return all(now[name].keys() == rows for name, rows in self.before.items())

    def apply(self):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for name, (removed, added) in self.changes.items():
                columns, key = self.tables[name]
                cursor.executemany(
                    f"DELETE FROM {quote(name)} WHERE {quote(key)} = %s", [[k] for k in removed]
                )
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({names}) VALUES ({marks})",
                    [list(row) for row in added],
                )
            # PostgreSQL's sequences do not follow rows inserted with their ids.
            models = [
                m
                for m in apps.get_models(include_auto_created=True)
                if m._meta.db_table in self.changes
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def load_seed_content(snapshot):
    """The seed content in the test's database: copied from the snapshot when it fits,
    else by running the command."""
    if snapshot.matches_the_database():
        try:
            with transaction.atomic():
                snapshot.apply()
            return
        except IntegrityError:
            pass
    call_command("load_initial_data", stdout=io.StringIO())
