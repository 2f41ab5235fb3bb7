"""The duplicate check is no oracle (SECURITY.md AC-02, issue 10).

Before a person is registered, or their BSN or V-nummer changed, ``check`` looks for the same
person across *all* persons (``check_reference`` likewise before an IND reference is added).
What the asker is told depends only on the matches they may see (``visible_to``): a match
outside their caseload changes nothing in what they see or how the flow goes. It becomes a
``DuplicateSignal`` for the coördinators of the matching client's teams and the privacy
officer instead (``signal``).

Every check is counted per user (``CHECKS_PER_HOUR``) and logged as the security event
``duplicate_check``: the *names* of the keys checked and the number of matches in and out of
scope, never the values typed (LOG-01). The callers (``services.register_person``,
``update_person`` and ``add_ind_reference``) keep the log entry and the count when they
refuse: they decide outside the failing transaction. Client searches are counted per user in
the same way (``count_search``).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from wegwijs.clients import identifiers
from wegwijs.clients.constants import IndReferenceKind
from wegwijs.clients.models import DuplicateSignal, Person, name_key
from wegwijs.clients.selectors import DuplicateMatch, find_duplicates
from wegwijs.core import audit, ratelimit
from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.errors import DomainError

CHECK_EVENT = "duplicate_check"
CHECKS_PER_HOUR = 30
SEARCH_EVENT_THROTTLED = "client_search_throttled"
SEARCHES_PER_HOUR = 120
_HOUR = 3600


@dataclass
class DuplicateCheck:
    """The outcome of one check: ``shown`` the matches the asker may see, ``hidden`` the
    others (never described to the asker; they become signals)."""

    shown: list[DuplicateMatch] = field(default_factory=list)
    hidden: list[DuplicateMatch] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        """A shared BSN or V-nummer with a person the asker may see."""
        return any(match.same_identifier for match in self.shown)


def _throttled() -> DomainError:
    return DomainError(
        _(
            "You have made too many checks in a short time. "
            "Nothing has been saved; try again later."
        ),
        code="throttled",
    )


def _lock_keys(
    *, given_names, family_name, date_of_birth, bsn, v_number, surname_prefix=""
) -> list[str]:
    keys = []
    if v_number:
        keys.append(f"v_number:{v_number}")
    if bsn:
        keys.append(f"bsn:{bsn}")
    key = name_key(surname_prefix or "", family_name or "", given_names or "")
    if key and date_of_birth:
        keys.append(f"name:{key}:{date_of_birth.isoformat()}")
    return sorted(keys)


def lock_identity(**keys) -> None:
    """Serialise registrations and changes of the same identity until the transaction ends.

    The database no longer refuses a second V-nummer or BSN (a refused insert would be an
    oracle), so on PostgreSQL two concurrent registrations of the same person wait for each
    other here and the second one finds the first. SQLite runs one writer at a time anyway.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in _lock_keys(**keys):
            digest = hashlib.sha256(f"clients.identity\x00{key}".encode()).digest()
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)",
                [int.from_bytes(digest[:8], "big", signed=True)],
            )


def _counted_and_logged(*, actor, checked: list[str], find, request) -> DuplicateCheck:
    """Count the check, run ``find`` (the matches across all persons), split the matches by
    what ``actor`` may see and log the check; over the limit log the refusal and raise."""
    allowed = ratelimit.hit(CHECK_EVENT, str(actor.pk), limit=CHECKS_PER_HOUR, window=_HOUR).allowed
    if not allowed:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=actor,
            event=CHECK_EVENT,
            object_type=Person._meta.label_lower,
            fields=checked,
            result=AuditResult.DENIED,
        )
        raise _throttled()
    matches = find()
    visible_ids = set(
        Person.objects.visible_to(actor)
        .filter(pk__in=[m.person.pk for m in matches])
        .values_list("pk", flat=True)
    )
    result = DuplicateCheck(
        shown=[m for m in matches if m.person.pk in visible_ids],
        hidden=[m for m in matches if m.person.pk not in visible_ids],
    )
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event=CHECK_EVENT,
        object_type=Person._meta.label_lower,
        object_id=f"in_scope={len(result.shown)},out_of_scope={len(result.hidden)}",
        fields=checked,
    )
    return result


def check(
    *,
    actor,
    given_names: str = "",
    family_name: str = "",
    date_of_birth=None,
    surname_prefix: str = "",
    bsn: str | None = None,
    v_number: str | None = None,
    exclude: Person | None = None,
    request=None,
) -> DuplicateCheck:
    """Count one check against ``actor``'s limit, find the possible duplicates and split
    them by what ``actor`` may see; log the check. Raises ``DomainError`` (code
    ``"throttled"``) over the limit, after logging it as denied."""
    checked = []
    if name_key(family_name or "", given_names or "") and date_of_birth:
        checked += ["given_names", "family_name", "date_of_birth"]
        if surname_prefix:
            checked.append("surname_prefix")
    if bsn:
        checked.append("bsn")
    if v_number:
        checked.append("v_number")
    return _counted_and_logged(
        actor=actor,
        checked=checked,
        find=lambda: find_duplicates(
            given_names=given_names or "",
            surname_prefix=surname_prefix or "",
            family_name=family_name or "",
            date_of_birth=date_of_birth,
            bsn=bsn,
            v_number=v_number,
            exclude=exclude,
        ),
        request=request,
    )


def check_reference(*, actor, person: Person, kind: str, value: str, request=None):
    """The same check for an IND reference about to be added to ``person``: other persons
    with this reference (a V-nummer also as their V-nummer). Counted and logged alike."""

    def find():
        condition = Q(ind_references__kind=kind, ind_references__value__iexact=value)
        if kind == IndReferenceKind.V_NUMMER:
            condition |= Q(**identifiers.v_number_lookup(value))
        others = Person.objects.filter(condition).exclude(pk=person.pk).distinct()
        return [DuplicateMatch(other, ["ind_reference"]) for other in others.order_by("pk")]

    return _counted_and_logged(actor=actor, checked=["ind_reference"], find=find, request=request)


def signal(*, person: Person, hidden: list[DuplicateMatch], actor, request=None) -> None:
    """Tell the other side about matches ``actor`` was not told of: one open signal per
    matching person, and an entry in that client's access history."""
    signals = DuplicateSignal.objects.bulk_create(
        DuplicateSignal(
            person=person, matching_person=match.person, asked_by=actor, reasons=match.reasons
        )
        for match in hidden
    )
    for created, match in zip(signals, hidden, strict=True):
        audit.record(
            request,
            action=AuditAction.CREATE,
            actor=actor,
            obj=created,
            client_id=match.person.public_id,
            fields=created.reasons,
        )


def count_search(*, actor, request=None) -> None:
    """Count one client search against ``actor``'s limit; over it, log and refuse."""
    if ratelimit.hit("client_search", str(actor.pk), limit=SEARCHES_PER_HOUR, window=_HOUR).allowed:
        return
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event=SEARCH_EVENT_THROTTLED,
        object_type=Person._meta.label_lower,
        result=AuditResult.DENIED,
    )
    raise DomainError(
        _("You have searched too often in a short time. Try again later."), code="throttled"
    )
