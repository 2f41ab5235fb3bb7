"""Loading residence permit kinds and languages from the repo's YAML file, idempotently.

The whole file is checked before anything is written; rows are matched by code and updated
from the file, so a second run changes nothing. Rows the beheerder added stay.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from wegwijs.clients.models import Language, PermitKind
from wegwijs.core.reference import ReferenceDataError, ReferenceSummary

REFERENCE_FILE = Path(__file__).parent / "fixtures" / "reference.yaml"


def _duration(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        duration = Decimal(str(value))
    except InvalidOperation as error:
        raise ReferenceDataError(f"{where}: {value!r} is not a number of years.") from error
    if duration <= 0:
        raise ReferenceDataError(f"{where}: a duration must be positive.")
    return duration


def _check(rows, keys: set[str], name: str, path: Path) -> None:
    codes = [row.get("code") for row in rows]
    if len(codes) != len(set(codes)) or not all(codes):
        raise ReferenceDataError(f"{path.name}: every {name} needs a code, once.")
    for row in rows:
        unknown = set(row) - keys
        if unknown:
            raise ReferenceDataError(f"{path.name} {row['code']}: unknown keys {sorted(unknown)}.")


@transaction.atomic
def load_client_reference(path: Path = REFERENCE_FILE) -> ReferenceSummary:
    """Create or update permit kinds and languages by code."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = data.get("permit_kinds") or []
    languages = data.get("languages") or []
    _check(
        kinds,
        {"code", "name", "asylum", "grants_residence", "default_duration_years", "active"},
        "kind",
        path,
    )
    _check(languages, {"code", "name"}, "language", path)
    summary = ReferenceSummary("permit kinds and languages")
    for row in kinds:
        where = f"{path.name} {row['code']}"
        kind = PermitKind.objects.filter(code=row["code"]).first() or PermitKind(code=row["code"])
        created = kind.pk is None
        kind.name = row.get("name", "")
        kind.asylum = bool(row.get("asylum", False))
        kind.grants_residence = bool(row.get("grants_residence", True))
        kind.default_duration_years = _duration(row.get("default_duration_years"), where)
        kind.active = bool(row.get("active", True))
        _save(kind, where)
        summary.count(created)
    for row in languages:
        where = f"{path.name} {row['code']}"
        language = Language.objects.filter(code=row["code"]).first() or Language(code=row["code"])
        created = language.pk is None
        language.name = row.get("name", "")
        _save(language, where)
        summary.count(created)
    return summary


def _save(instance, where: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ReferenceDataError(f"{where}: {' '.join(error.messages)}") from error
    instance.save()
