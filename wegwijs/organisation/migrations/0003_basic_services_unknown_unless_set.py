"""Basic services become three-state: a "no" nobody chose becomes "unknown".

Until 0002 the two flags were booleans defaulting to False and the reference loader never set
them, so False meant "not set" as often as "no". A municipality whose row a person changed in
the admin (a change entry in Django's admin log) keeps its False: that may have been a choice.
Every other False becomes unknown; True stays True. The admin log cannot say which field was
changed in a language-independent way, so any change entry counts as a choice.
Backwards, unknown becomes False again (what the old code read it as).
"""

from django.db import migrations

CHANGE = 2  # django.contrib.admin.models.CHANGE


def unknown_unless_set(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    content_type = ContentType.objects.filter(app_label="organisation", model="municipality").first()
    chosen = set()
    if content_type is not None:
        chosen = set(
            LogEntry.objects.filter(content_type=content_type, action_flag=CHANGE).values_list(
                "object_id", flat=True
            )
        )
    for name in ("has_information_point", "has_settlement_coaching"):
        rows = Municipality.objects.filter(**{name: False})
        keep = [pk for pk in rows.values_list("pk", flat=True) if str(pk) in chosen]
        rows.exclude(pk__in=keep).update(**{name: None})


def unknown_to_false(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
    for name in ("has_information_point", "has_settlement_coaching"):
        Municipality.objects.filter(**{f"{name}__isnull": True}).update(**{name: False})


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_former_names_and_unknown_services"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(unknown_unless_set, unknown_to_false)]
