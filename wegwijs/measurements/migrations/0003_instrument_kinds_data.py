"""The kinds of measurement per product for instruments that exist already (the loader only
creates missing rows): VIP 18 has a nul-, tussen- and eindmeting (its card); every other
product keeps the default nul and eind (VI 8's card; facts.md §1: the tussenmeting is VIP 18
only). Backwards there is nothing to undo: 0002 removes the field."""

from django.db import migrations

WITH_TUSSEN = {"VIP18": ["nul", "tussen", "eind"]}


def set_kinds(apps, schema_editor):
    ProductInstrument = apps.get_model("measurements", "ProductInstrument")
    for instrument in ProductInstrument.objects.select_related("product"):
        kinds = WITH_TUSSEN.get(instrument.product.code, ["nul", "eind"])
        if instrument.kinds != kinds:
            instrument.kinds = kinds
            instrument.save(update_fields=["kinds"])


class Migration(migrations.Migration):
    dependencies = [("measurements", "0002_instrument_kinds_not_scored")]

    operations = [migrations.RunPython(set_kinds, migrations.RunPython.noop)]
