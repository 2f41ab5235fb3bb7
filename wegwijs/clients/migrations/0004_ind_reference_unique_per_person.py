from django.db import migrations, models


class Migration(migrations.Migration):
    """An IND reference is unique per person, no longer across persons: a refused insert told
    the user that a client outside their caseload holds the reference."""

    dependencies = [
        ("clients", "0003_person_permit_granted_on"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="indreference",
            name="ind_reference_unique",
        ),
        migrations.AddConstraint(
            model_name="indreference",
            constraint=models.UniqueConstraint(
                fields=("person", "kind", "value"), name="ind_reference_unique_per_person"
            ),
        ),
    ]
