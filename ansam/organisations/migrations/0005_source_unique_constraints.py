# Separate from the data migration: PostgreSQL refuses schema changes after data changes in
# one transaction when triggers are pending.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_source_id_always_set")]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisation",
            name="organisation_unique_source_id",
        ),
        migrations.RemoveConstraint(
            model_name="service",
            name="service_unique_source_id",
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                fields=("source", "source_id"), name="organisation_unique_source_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="service",
            constraint=models.UniqueConstraint(
                fields=("source", "source_id"), name="service_unique_source_id"
            ),
        ),
    ]
