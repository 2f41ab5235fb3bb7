"""Writing the access log: the one helper every app calls (ARCHITECTURE.md rule 3).

    audit.record(request, action=AuditAction.READ, obj=client, client_id=client.public_id)

Only identifiers go in: the object's public id and the *names* of changed fields, never their
values, so the log itself holds no personal data (LOG-01, BIO2 8.15.02).

Most reads of a client file are not written by hand: a view that declares
``@requires(..., reads="person")`` gets its entry from ``core.access`` (``client_read``), and a
404 on such a URL becomes a probe (``client_not_found``). The functions below name those events.
"""

import logging
from collections.abc import Iterable

from django.db import connection, transaction

from wegwijs.core.client_address import client_address
from wegwijs.core.constants import PROBE_EVENT, AuditAction, AuditResult
from wegwijs.core.models import AuditEntry
from wegwijs.core.request_id import current_request_id

GENESIS_HASH = "0" * 64
# Entries that say a client file was seen; one of them per request is enough.
_SEEN_ACTIONS = {AuditAction.READ, AuditAction.EXPORT, AuditAction.PRINT}
_SEEN_MARK = "_audit_client_seen"
_CHAIN_LOCK_KEY = 0x5765_6777  # pg_advisory_xact_lock key that serialises the hash chain

logger = logging.getLogger("wegwijs.security")


def client_ip(request) -> str | None:
    # The address behind the proxy (AUTH-04); without a request, that of the one being served.
    return client_address(request)


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
    """Append one entry to the access log, chained to the one before it and signed with the
    current audit key (``core.audit_keys``). A newest entry that does not verify is logged as
    a warning at once, before the nightly check (LOG-03), and is chained to all the same."""
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
        last = AuditEntry.objects.order_by("-id").first()
        entry.previous_hash = last.entry_hash if last else GENESIS_HASH
        entry.entry_hash = entry.compute_hash()
        entry.save()
    if last is not None and not last.verifies():
        logger.warning(
            "Access log entry %s does not verify with the audit key; run verify_audit_log.",
            last.pk,
        )
    if request is not None and client_id and action in _SEEN_ACTIONS:
        setattr(request, _SEEN_MARK, True)
    return entry


def client_seen_in(request) -> bool:
    """Whether this request already wrote a READ, EXPORT or PRINT entry naming a client."""
    return getattr(request, _SEEN_MARK, False)


def client_read(request, *, object_type: str, object_id, client_id, event: str = "") -> AuditEntry:
    """A page, fragment or form showed the file of ``client_id`` (through ``object_id``)."""
    return record(
        request,
        action=AuditAction.READ,
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        event=event[:50],
    )


def client_not_found(request, *, object_type: str, object_id) -> AuditEntry:
    """A URL about a person or trajectory answered 404: out of the user's scope or unknown.
    The UUID asked is pseudonymous; a burst of these is shown to the privacy officer."""
    return record(
        request,
        action=AuditAction.SECURITY,
        event=PROBE_EVENT,
        object_type=object_type,
        object_id=str(object_id),
        result=AuditResult.DENIED,
    )


def search_done(
    request,
    *,
    event: str,
    object_type: str,
    criteria: Iterable[str],
    results: int,
    cut: bool = False,
) -> AuditEntry:
    """A search over client files: the *names* of the criteria used and how many results it
    showed (``results=N``, or ``results>N`` when cut at the limit), never the terms typed."""
    return record(
        request,
        action=AuditAction.READ,
        event=event,
        object_type=object_type,
        object_id=f"results{'>' if cut else '='}{results}",
        fields=criteria,
    )
