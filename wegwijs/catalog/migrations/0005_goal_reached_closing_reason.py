"""The closing reason "doel bereikt" says the goal was reached (``goal_reached``), so closing
with it while goals are open asks for a confirmation. The loader does not change products that
exist, so databases loaded before get the flag here."""

from django.db import migrations

GOAL_REACHED_CODE = "doel_bereikt"


def mark_goal_reached(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for product in Product.objects.all():
        reasons = product.closing_reasons or []
        changed = False
        for reason in reasons:
            if reason.get("code") == GOAL_REACHED_CODE and not reason.get("goal_reached"):
                reason["goal_reached"] = True
                changed = True
        if changed:
            product.closing_reasons = reasons
            product.save(update_fields=["closing_reasons"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_weekly_hours_order")]

    operations = [migrations.RunPython(mark_goal_reached, migrations.RunPython.noop)]
