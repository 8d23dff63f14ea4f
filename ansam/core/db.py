from typing import Any

from django.db import connection
from django.db.models import Model


def insert_rows(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Many narrow rows at once: the ORM's per-field compilation costs more than the database's
    work there. On PostgreSQL a COPY (several times faster than one INSERT per row), elsewhere
    one prepared INSERT run for every row. Column names come from the model, never from input."""
    if not rows:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            table, ", ".join(columns), ", ".join(["%s"] * len(columns))
        )
        cursor.executemany(sql, rows)


def upsert_rows(
    model: type[Model],
    columns: list[str],
    rows: list[tuple[Any, ...]],
    *,
    key: list[str],
    keep: set[str],
) -> list[tuple[Any, ...]] | None:
    """INSERT … ON CONFLICT (key) DO UPDATE for many rows; `keep` are the columns an update
    leaves as they were. On PostgreSQL the rows are copied into a temporary table first, then
    merged in one statement."""
    if not rows:
        return None
    table = model._meta.db_table
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keep | set(key))
    names = ", ".join(columns)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            staging = f"staging_{table}"
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {staging} AS "  # noqa: S608 - model names
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            cursor.execute(f"TRUNCATE {staging}")
            with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            returning = ", ".join(["id", "public_id", *key, "(xmax = 0)"])
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} {conflict} "  # noqa: S608
                f"RETURNING {returning}"
            )
            merged: list[tuple[Any, ...]] = cursor.fetchall()
            return merged
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders}) {conflict}",  # noqa: S608
            rows,
        )
    return None
