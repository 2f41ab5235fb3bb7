from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0003_time_entry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="itemtemplate",
            name="anchor",
            field=models.CharField(
                choices=[
                    ("start", "start of the trajectory"),
                    ("settled_on", "settlement in the municipality"),
                    ("arrived_on", "arrival in the Netherlands"),
                    ("permit_start", "start of the residence permit"),
                    ("permit_granted_on", "decision granting the residence permit"),
                    ("key_date", "key handover"),
                    ("arrival_date", "arrival in the home (resettlement)"),
                    ("none", "no due date"),
                ],
                max_length=20,
                verbose_name="counted from",
            ),
        ),
    ]
