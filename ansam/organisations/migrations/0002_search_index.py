"""Full-text index of the directory: FTS5 on SQLite, French tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE organisations_service_fts USING fts5(
        name_stems, themes_stems, body_stems,
        content='organisations_servicesearchdocument', content_rowid='service_id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER organisations_ssd_ai AFTER INSERT ON organisations_servicesearchdocument BEGIN
        INSERT INTO organisations_service_fts(rowid, name_stems, themes_stems, body_stems)
        VALUES (new.service_id, new.name_stems, new.themes_stems, new.body_stems); END""",
    """CREATE TRIGGER organisations_ssd_ad AFTER DELETE ON organisations_servicesearchdocument BEGIN
        INSERT INTO organisations_service_fts(organisations_service_fts, rowid, name_stems,
            themes_stems, body_stems)
        VALUES ('delete', old.service_id, old.name_stems, old.themes_stems, old.body_stems); END""",
    """CREATE TRIGGER organisations_ssd_au AFTER UPDATE ON organisations_servicesearchdocument BEGIN
        INSERT INTO organisations_service_fts(organisations_service_fts, rowid, name_stems,
            themes_stems, body_stems)
        VALUES ('delete', old.service_id, old.name_stems, old.themes_stems, old.body_stems);
        INSERT INTO organisations_service_fts(rowid, name_stems, themes_stems, body_stems)
        VALUES (new.service_id, new.name_stems, new.themes_stems, new.body_stems); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS organisations_ssd_au",
    "DROP TRIGGER IF EXISTS organisations_ssd_ad",
    "DROP TRIGGER IF EXISTS organisations_ssd_ai",
    "DROP TABLE IF EXISTS organisations_service_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ansam_fr') THEN
            CREATE TEXT SEARCH CONFIGURATION ansam_fr (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION ansam_fr
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """ALTER TABLE organisations_servicesearchdocument ADD COLUMN document tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('ansam_fr'::regconfig, coalesce(name, '')), 'A') ||
            setweight(to_tsvector('ansam_fr'::regconfig, coalesce(themes, '')), 'B') ||
            setweight(to_tsvector('ansam_fr'::regconfig, coalesce(body, '')), 'C')
        ) STORED""",
    """CREATE INDEX organisations_ssd_document_gin
        ON organisations_servicesearchdocument USING GIN (document)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS organisations_ssd_document_gin",
    "ALTER TABLE organisations_servicesearchdocument DROP COLUMN IF EXISTS document",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
