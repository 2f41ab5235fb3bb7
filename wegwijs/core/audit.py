"""Writing the access log: the one helper every app calls (ARCHITECTURE.md rule 3).

    audit.record(request, action=AuditAction.READ, obj=client, client_id=client.public_id)

Only identifiers go in: the object's public id and the *names* of changed fields, never their
values, so the log itself holds no personal data (LOG-01, BIO2 8.15.02).
"""

from collections.abc import Iterable

from django.db import connection, transaction

from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.models import AuditEntry
from wegwijs.core.request_id import current_request_id

GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 0x5765_6777  # pg_advisory_xact_lock key that serialises the hash chain


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request=None,
    *,
    action: AuditAction,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    client_id=None,
    fields: Iterable[str] = (),
    event: str = "",
    result: AuditResult = AuditResult.OK,
    reason: str = "",
    emergency: bool = False,
    on_behalf_of: str = "",
) -> AuditEntry:
    """Append one entry to the access log, chained to the one before it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    entry = AuditEntry(
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        on_behalf_of=on_behalf_of,
        action=action,
        event=event,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        fields=sorted(set(fields)),
        result=result,
        reason=reason[:500],
        emergency=emergency,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:200],
        request_id=current_request_id() or "",
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.previous_hash = last or GENESIS_HASH
        entry.entry_hash = entry.compute_hash()
        entry.save()
    return entry


def verify_chain(batch_size: int = 5000) -> tuple[int, AuditEntry | None]:
    """Walk the log in insertion order; return (rows checked, first broken row or None)."""
    expected_previous = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.previous_hash != expected_previous or entry.entry_hash != entry.compute_hash():
            return checked, entry
        expected_previous = entry.entry_hash
        checked += 1
    return checked, None
