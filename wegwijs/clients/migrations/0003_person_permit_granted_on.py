# The date of the decision on a permit (nareis counts from it) and the derived integration term.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_duplicate_signals"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="permit_granted_on",
            field=models.DateField(
                blank=True,
                help_text="The date of the decision on the permit. Family reunification "
                "(nareis) counts its three months from it.",
                null=True,
                verbose_name="permit granted on",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="inburgering_term_end",
            field=models.DateField(
                blank=True,
                help_text="Left empty, three years after the term starts. Fill it in only when "
                "DUO extended the term.",
                null=True,
                verbose_name="integration term ends",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="permit_start",
            field=models.DateField(
                blank=True,
                help_text="An asylum permit is valid from the date of the asylum application.",
                null=True,
                verbose_name="permit valid from",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("permit_granted_on__isnull", True),
                    ("permit_start__isnull", True),
                    ("permit_granted_on__gte", models.F("permit_start")),
                    _connector="OR",
                ),
                name="person_permit_granted_after_valid_from",
            ),
        ),
    ]
