from django.db import migrations


def mark_w_document(apps, schema_editor):
    PermitKind = apps.get_model("clients", "PermitKind")
    PermitKind.objects.filter(code="w-document").update(grants_residence=False)


class Migration(migrations.Migration):
    """The W document of an asylum seeker is no residence permit (reference.yaml says so
    too); backwards there is nothing to undo, the field goes with 0005."""

    dependencies = [
        ("clients", "0005_person_target_group_facts"),
    ]

    operations = [
        migrations.RunPython(mark_w_document, migrations.RunPython.noop),
    ]
