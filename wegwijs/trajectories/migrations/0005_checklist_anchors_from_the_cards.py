"""Three checklist rules corrected against the cards and facts.md (issue 12):

- Gezinshereniging: the nareis application counts from the decision granting the permit, not
  from the date it is valid from (facts.md §7).
- VIP Jongeren: the settlement checklist is due 8 months after settlement, not after the start
  ("Realisatie checklist vestiging (< 8 maanden)").
- VIP 18, VIP Jongeren, VI 8: the PIP milestone has no due date (no source gives a term).

Only templates still as shipped change; the beheerder's own edits stay. The open items of
open trajectories get their due date again from the new rule; items already done keep theirs.
Runs backwards by restoring the shipped rules the same way.
"""

import calendar
import datetime

from django.db import migrations

OLD, NEW = 0, 1
VESTIGING = ("vestiging-wonen", "vestiging-financien", "vestiging-instellingen", "vestiging-netwerk")
# (product, item) -> (rule before, rule after): anchor, whole months.
RULES = {
    ("GH", "aanvraag-nareis"): (("permit_start", 3), ("permit_granted_on", 3)),
    **{("VIPJ", code): (("start", 8), ("settled_on", 8)) for code in VESTIGING},
    ("VIP18", "pip"): (("settled_on", 2), ("none", 0)),
    ("VIPJ", "pip"): (("settled_on", 1), ("none", 0)),
    ("VI8", "pip"): (("settled_on", 2), ("none", 0)),
}


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _anchor(item, anchor):
    trajectory, person = item.trajectory, item.trajectory.person
    return {
        "start": trajectory.start_date,
        "settled_on": person.settled_on,
        "permit_start": person.permit_start,
        "permit_granted_on": person.permit_granted_on,
    }.get(anchor)


def _apply(apps, frm, to):
    ItemTemplate = apps.get_model("trajectories", "ItemTemplate")
    ChecklistItem = apps.get_model("trajectories", "ChecklistItem")
    for (product, code), rules in RULES.items():
        (old_anchor, old_months), (new_anchor, new_months) = rules[frm], rules[to]
        templates = ItemTemplate.objects.filter(
            product__code=product,
            code=code,
            anchor=old_anchor,
            offset_months=old_months,
            offset_days=0,
        )
        for template in templates:
            template.anchor, template.offset_months = new_anchor, new_months
            template.save(update_fields=["anchor", "offset_months"])
            items = ChecklistItem.objects.filter(
                template=template, done_on__isnull=True
            ).exclude(trajectory__status="afgesloten")
            for item in items.select_related("trajectory__person"):
                day = _anchor(item, new_anchor)
                item.due_date = _add_months(day, new_months) if day else None
                item.save(update_fields=["due_date"])


def forwards(apps, schema_editor):
    _apply(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _apply(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0004_anchor_permit_granted_and_none"),
        ("clients", "0003_person_permit_granted_on"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
