import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0006_service_referral_expiry_days_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="no_contact_days",
            field=models.PositiveSmallIntegerField(
                default=90,
                help_text="A person accompanied with no entry from your organisation for this many days appears on your dashboards.",
                validators=[
                    django.core.validators.MinValueValidator(7),
                    django.core.validators.MaxValueValidator(730),
                ],
                verbose_name="days without contact before a warning",
            ),
        ),
    ]
