"""Checking the access log's chain (SECURITY.md LOG-03): every break, each with its kind.

An entry is *authentic* when its hash is the HMAC of its content (previous hash included) under
the key its ``key_id`` names, or, for the legacy rows of before the keys, their SHA-256 while no
keyed entry came before. Only the holder of ``AUDIT_HMAC_KEYS`` can write authentic entries; the
database roles cannot. The walk reports:

- ``forged``: the hash does not verify and no authentic entry vouches for it: written, changed
  or re-chained without the key (a plain SHA-256 on a keyed row always counts as forged);
- ``changed``: the hash does not verify, but the entry links to the one before it and the
  next entry, authentic, links to this very hash: its content was changed after it was written
  (or, less likely, it was inserted with a made-up hash and the application signed on top);
- ``legacy_after_keyed``: an unkeyed legacy entry after keyed ones;
- ``unknown_key``: a key id the ring does not hold (a key dropped too early, or a forgery);
- ``removed``: an authentic entry that does not link to the entry before it: entries between
  them were removed (or the one before was changed or inserted, reported on its own).

After a break the walk goes on from the broken entry's own hash, so one junk row costs one report
and edits further on are still found. Entries are read with an iterator, in flat memory.
Entries cut from the end of the log leave no break: the head copied off-host covers that
(``--expect-head``).
"""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from wegwijs.core.audit import GENESIS_HASH
from wegwijs.core.audit_keys import LEGACY_KEY_ID, KeyRing, UnknownAuditKey, key_ring
from wegwijs.core.models import AuditEntry

_HEX = frozenset("0123456789abcdef")


class BreakKind(StrEnum):
    FORGED = "forged"
    CHANGED = "changed"
    LEGACY_AFTER_KEYED = "legacy_after_keyed"
    UNKNOWN_KEY = "unknown_key"
    REMOVED = "removed"


@dataclass(frozen=True)
class ChainBreak:
    kind: BreakKind
    entry_id: int
    key_id: str
    previous_id: int | None = None  # the entry before it in the log, for REMOVED

    @property
    def message(self) -> str:
        entry = f"Entry {self.entry_id}"
        match self.kind:
            case BreakKind.FORGED:
                return (
                    f"{entry}: forged: its hash does not verify with key {self.key_id!r}; it was "
                    "written, changed or re-chained without the audit key."
                )
            case BreakKind.CHANGED:
                return (
                    f"{entry}: content changed: its hash does not match its content, while it "
                    "links to the entry before it and the next entry links to it. It was "
                    "changed after it was written, or inserted with a made-up hash."
                )
            case BreakKind.LEGACY_AFTER_KEYED:
                return (
                    f"{entry}: forged: it carries an unkeyed legacy hash after keyed entries, "
                    "which only someone without the audit key writes."
                )
            case BreakKind.UNKNOWN_KEY:
                return (
                    f"{entry}: signed with key {self.key_id!r}, which AUDIT_HMAC_KEYS does not "
                    "hold: add that key to check the entry; if there never was such a key, it "
                    "is forged."
                )
            case BreakKind.REMOVED:
                before = f"entry {self.previous_id}" if self.previous_id else "the start of the log"
                return (
                    f"{entry}: does not link to {before} before it: entries between them were "
                    f"removed, or {before} was changed or inserted."
                )


class ChainVerifier:
    """Walks entries in id order and yields every break; ``checked``, ``counts`` and ``last``
    (the last entry walked: the head) are filled in as it goes."""

    def __init__(self, ring: KeyRing | None = None):
        self.ring = ring or key_ring()
        self.checked = 0
        self.counts: Counter[BreakKind] = Counter()
        self.last: AuditEntry | None = None

    def walk(self, entries: Iterable[AuditEntry]) -> Iterator[ChainBreak]:
        expected_previous = GENESIS_HASH
        keyed_seen = False
        # An entry whose hash did not verify but which links to the one before it: the next
        # entry decides between CHANGED and FORGED.
        pending: AuditEntry | None = None
        for entry in entries:
            self.checked += 1
            kind = self._verdict(entry, keyed_seen)
            linked = entry.previous_hash == expected_previous
            if pending is not None:
                vouched = kind is None and entry.previous_hash == pending.entry_hash
                yield self._count(
                    ChainBreak(
                        BreakKind.CHANGED if vouched else BreakKind.FORGED,
                        pending.pk,
                        pending.key_id,
                    )
                )
                pending = None
            if kind is BreakKind.CHANGED:
                if linked:
                    pending = entry
                else:
                    yield self._count(ChainBreak(BreakKind.FORGED, entry.pk, entry.key_id))
            elif kind is not None:
                yield self._count(ChainBreak(kind, entry.pk, entry.key_id))
            elif not linked:
                previous_id = self.last.pk if self.last is not None else None
                yield self._count(
                    ChainBreak(BreakKind.REMOVED, entry.pk, entry.key_id, previous_id)
                )
            if kind is None and entry.key_id != LEGACY_KEY_ID:
                keyed_seen = True
            expected_previous = entry.entry_hash
            self.last = entry
        if pending is not None:
            yield self._count(ChainBreak(BreakKind.FORGED, pending.pk, pending.key_id))

    def _verdict(self, entry: AuditEntry, keyed_seen: bool) -> BreakKind | None:
        """None for an authentic entry; else the kind, CHANGED standing for "does not verify"
        until the next entry shows whether anything vouches for it."""
        if entry.key_id == LEGACY_KEY_ID:
            if keyed_seen:
                return BreakKind.LEGACY_AFTER_KEYED
            return None if entry.entry_hash == entry.unkeyed_hash() else BreakKind.CHANGED
        try:
            expected = entry.compute_hash(self.ring)
        except UnknownAuditKey:
            return BreakKind.UNKNOWN_KEY
        if entry.entry_hash == expected:
            return None
        if entry.entry_hash == entry.unkeyed_hash():
            return BreakKind.FORGED
        return BreakKind.CHANGED

    def _count(self, found: ChainBreak) -> ChainBreak:
        self.counts[found.kind] += 1
        return found


@dataclass(frozen=True)
class ChainReport:
    checked: int
    breaks: list[ChainBreak]

    @property
    def intact(self) -> bool:
        return not self.breaks


def log_in_order(batch_size: int = 5000) -> Iterator[AuditEntry]:
    """Every entry in insertion order, a batch at a time (a server-side cursor on PostgreSQL)."""
    return AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size)


def verify_chain(*, ring: KeyRing | None = None, batch_size: int = 5000) -> ChainReport:
    """Walk the whole log; all breaks in a list (``manage.py verify_audit_log`` streams them)."""
    verifier = ChainVerifier(ring)
    breaks = list(verifier.walk(log_in_order(batch_size)))
    return ChainReport(checked=verifier.checked, breaks=breaks)


@dataclass(frozen=True)
class Head:
    """The newest entry, as shipped off-host each night (``manage.py audit_head``) and given
    back to ``verify_audit_log --expect-head``."""

    hash: str
    id: int | None = None
    timestamp: str = ""
    key_id: str = ""
    entries: int = 0

    @classmethod
    def of(cls, entry: AuditEntry | None, entries: int) -> "Head":
        if entry is None:
            return cls(hash=GENESIS_HASH)
        return cls(
            hash=entry.entry_hash,
            id=entry.pk,
            timestamp=entry.timestamp.isoformat(),
            key_id=entry.key_id,
            entries=entries,
        )

    @classmethod
    def parse(cls, text: str) -> "Head":
        """Read a head: the JSON line of ``audit_head`` or a bare 64-hex hash. Raises ValueError."""
        text = text.strip()
        if _is_hash(text):
            return cls(hash=text)
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(text) from None
        if not isinstance(data, dict) or not _is_hash(data.get("hash")):
            raise ValueError(text)
        head_id = data.get("id")
        if head_id is not None and (not isinstance(head_id, int) or isinstance(head_id, bool)):
            raise ValueError(text)
        return cls(hash=data["hash"], id=head_id)

    def as_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "timestamp": self.timestamp,
                "key_id": self.key_id,
                "hash": self.hash,
                "entries": self.entries,
            },
            sort_keys=True,
        )


def _is_hash(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in _HEX for c in value)
