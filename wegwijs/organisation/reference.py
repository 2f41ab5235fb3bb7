"""Loading provinces and municipalities from the repo's YAML file, idempotently."""

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from wegwijs.core.reference import ReferenceDataError, ReferenceSummary
from wegwijs.organisation.models import Municipality, MunicipalityName, Province

MUNICIPALITIES_FILE = Path(__file__).parent / "fixtures" / "municipalities.yaml"


def _date(value, where: str):
    if value is None or isinstance(value, datetime.date):
        return value
    raise ReferenceDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD).")


def _load_names(municipality: Municipality, rows, where: str) -> None:
    """Make the former names of ``municipality`` those of the file, checking their periods."""
    if not isinstance(rows, list):
        raise ReferenceDataError(f"{where}: names must be a list.")
    wanted = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("name"):
            raise ReferenceDataError(f"{where}: every former name needs a name.")
        valid_from = _date(row.get("valid_from"), where)
        valid_until = _date(row.get("valid_until"), where)
        if valid_from is None or valid_until is None or valid_until < valid_from:
            raise ReferenceDataError(
                f"{where}: former name {row['name']!r} needs valid_from <= valid_until."
            )
        wanted.append((str(row["name"]), valid_from, valid_until))
    wanted.sort(key=lambda item: item[1])
    for (_n, _f, until), (name, start, _u) in zip(wanted, wanted[1:], strict=False):
        if start <= until:
            raise ReferenceDataError(f"{where}: the periods of former names overlap ({name}).")
    have = sorted(
        ((n.name, n.valid_from, n.valid_until) for n in municipality.names.all()),
        key=lambda item: item[1],
    )
    if have != wanted:
        municipality.names.all().delete()
        MunicipalityName.objects.bulk_create(
            MunicipalityName(municipality=municipality, name=n, valid_from=f, valid_until=u)
            for n, f, u in wanted
        )


@transaction.atomic
def load_municipalities(path: Path = MUNICIPALITIES_FILE) -> ReferenceSummary:
    """Create or update provinces and municipalities by code. The foundation's own flags
    (information point, settlement coaching) are left as the beheerder set them."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    summary = ReferenceSummary("municipalities")
    provinces = {}
    for row in data["provinces"]:
        province, created = Province.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        provinces[province.code] = province
        summary.count(created)
    rows = data["municipalities"]
    codes = [row["cbs_code"] for row in rows]
    if len(codes) != len(set(codes)):
        raise ReferenceDataError(f"{path.name}: a CBS code appears twice.")
    for row in rows:
        where = f"{path.name} {row.get('cbs_code')}"
        if row.get("province") not in provinces:
            raise ReferenceDataError(f"{where}: unknown province {row.get('province')!r}.")
        if row.get("successor") and row["successor"] not in codes:
            raise ReferenceDataError(f"{where}: unknown successor {row['successor']!r}.")
        municipality, created = Municipality.objects.update_or_create(
            cbs_code=row["cbs_code"],
            defaults={
                "name": row["name"],
                "province": provinces[row["province"]],
                "valid_from": _date(row.get("valid_from"), where),
                "valid_to": _date(row.get("valid_to"), where),
            },
        )
        municipality.full_clean()
        summary.count(created)
    by_code = {
        m.cbs_code: m
        for m in Municipality.objects.filter(cbs_code__in=codes).prefetch_related("names")
    }
    for row in rows:
        where = f"{path.name} {row['cbs_code']}"
        _load_names(by_code[row["cbs_code"]], row.get("names") or [], where)
    for row in rows:
        successor = by_code.get(row.get("successor")) if row.get("successor") else None
        municipality = by_code[row["cbs_code"]]
        if municipality.successor_id != (successor.pk if successor else None):
            municipality.successor = successor
            municipality.save(update_fields=["successor"])
    return summary
