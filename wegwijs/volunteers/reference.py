"""Loading the volunteer roles and training kinds from the repo's YAML file, idempotently."""

from pathlib import Path

import yaml
from django.db import transaction

from wegwijs.core.reference import ReferenceDataError, ReferenceSummary
from wegwijs.volunteers.models import TrainingKind, VolunteerRole

REFERENCE_FILE = Path(__file__).parent / "fixtures" / "reference.yaml"


def _check(rows, allowed: set[str], path: Path) -> None:
    if not isinstance(rows, list):
        raise ReferenceDataError(f"{path.name}: expected a list.")
    seen = set()
    for row in rows:
        if not isinstance(row, dict) or not row.get("code") or not row.get("name"):
            raise ReferenceDataError(f"{path.name}: every row needs a code and a name.")
        unknown = set(row) - allowed
        if unknown:
            raise ReferenceDataError(f"{path.name} {row['code']}: unknown keys {sorted(unknown)}.")
        if row["code"] in seen:
            raise ReferenceDataError(f"{path.name}: code {row['code']!r} appears twice.")
        seen.add(row["code"])


@transaction.atomic
def load_volunteer_reference(path: Path = REFERENCE_FILE) -> ReferenceSummary:
    """Create the training kinds and volunteer roles that do not exist yet."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = data.get("training_kinds") or []
    roles = data.get("roles") or []
    _check(kinds, {"code", "name"}, path)
    _check(roles, {"code", "name", "requires_training"}, path)
    known = {row["code"] for row in kinds} | set(
        TrainingKind.objects.values_list("code", flat=True)
    )
    for row in roles:
        if row.get("requires_training") and row["requires_training"] not in known:
            raise ReferenceDataError(
                f"{path.name} {row['code']}: unknown training {row['requires_training']!r}."
            )
    summary = ReferenceSummary("volunteer roles and trainings")
    for row in kinds:
        _kind, created = TrainingKind.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        summary.count(created)
    for row in roles:
        training = None
        if row.get("requires_training"):
            training = TrainingKind.objects.get(code=row["requires_training"])
        _role, created = VolunteerRole.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "requires_training": training}
        )
        summary.count(created)
    return summary
