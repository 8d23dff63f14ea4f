"""The database itself refuses to change or delete audit events (besides the application)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER access_auditevent_no_update BEFORE UPDATE ON access_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END""",
    """CREATE TRIGGER access_auditevent_no_delete BEFORE DELETE ON access_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log cannot be deleted'); END""",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS access_auditevent_no_update",
    "DROP TRIGGER IF EXISTS access_auditevent_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION access_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log cannot be changed or deleted'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER access_auditevent_immutable BEFORE UPDATE OR DELETE ON access_auditevent
       FOR EACH ROW EXECUTE FUNCTION access_auditevent_refuse()""",
]
POSTGRES_BACK = [
    "DROP TRIGGER IF EXISTS access_auditevent_immutable ON access_auditevent",
    "DROP FUNCTION IF EXISTS access_auditevent_refuse()",
]


def forward(apps, schema_editor) -> None:
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor) -> None:
    statements = {"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
