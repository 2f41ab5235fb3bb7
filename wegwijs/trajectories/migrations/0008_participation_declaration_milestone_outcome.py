"""The checklist milestone "Participatieverklaring ondertekend" stands for the outcome date
participation_declaration_signed_on, as checklists.yaml now says; templates loaded before
the link existed get it here (the loader leaves existing templates alone)."""

from django.db import migrations

MILESTONE = "participatieverklaring"
OUTCOME = "participation_declaration_signed_on"


def link(apps, schema_editor):
    ItemTemplate = apps.get_model("trajectories", "ItemTemplate")
    ItemTemplate.objects.filter(code=MILESTONE, outcome_field="").update(outcome_field=OUTCOME)


def unlink(apps, schema_editor):
    ItemTemplate = apps.get_model("trajectories", "ItemTemplate")
    ItemTemplate.objects.filter(code=MILESTONE, outcome_field=OUTCOME).update(outcome_field="")


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0007_itemtemplate_outcome_field")]

    operations = [migrations.RunPython(link, unlink)]
