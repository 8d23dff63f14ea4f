from django.db import connection


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """A plain multi-row INSERT for many narrow rows: the ORM's per-field compilation costs
    more than the database's work there. Column names come from the model, never from input."""
    if not rows:
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        model._meta.db_table, ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
