"""Directory search moves into memory (organisations/search_engine.py): the FTS5 table and its
triggers (SQLite) and the tsvector column and GIN index (PostgreSQL) of migration 0002 go; the
stems, which only SQLite kept, are filled on PostgreSQL too; a version row tells processes when
to rebuild their index."""

from django.db import migrations, models

from ansam.core.text import stems

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS organisations_ssd_au",
        "DROP TRIGGER IF EXISTS organisations_ssd_ad",
        "DROP TRIGGER IF EXISTS organisations_ssd_ai",
        "DROP TABLE IF EXISTS organisations_service_fts",
    ],
    "postgresql": [
        "DROP INDEX IF EXISTS organisations_ssd_document_gin",
        "ALTER TABLE organisations_servicesearchdocument DROP COLUMN IF EXISTS document",
    ],
}


def drop_database_search(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def fill_stems(apps, schema_editor):
    Document = apps.get_model("organisations", "ServiceSearchDocument")
    empty = Document.objects.filter(name_stems="").exclude(name="")
    batch = []
    for doc in empty.iterator(chunk_size=2000):
        doc.name_stems = " ".join(stems(doc.name))
        doc.themes_stems = " ".join(stems(doc.themes))
        doc.body_stems = " ".join(stems(doc.body))
        batch.append(doc)
        if len(batch) >= 2000:
            Document.objects.bulk_update(batch, ["name_stems", "themes_stems", "body_stems"])
            batch = []
    Document.objects.bulk_update(batch, ["name_stems", "themes_stems", "body_stems"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0008_organisation_emergency_actor"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchIndexVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(blank=True, max_length=32)),
            ],
        ),
        # Not reversible to the database's own search: the code that used it is gone.
        migrations.RunPython(drop_database_search, migrations.RunPython.noop),
        migrations.RunPython(fill_stems, migrations.RunPython.noop),
    ]
