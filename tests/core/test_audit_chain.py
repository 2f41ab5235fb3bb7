"""The access log's keyed chain and its verifier, on entries in memory (LOG-03).

No database here: the verifier walks any iterable of entries, so every tamper case can be built
by hand. tests/core/test_audit_tamper.py does the same cases with real database roles.
"""

import base64
import datetime
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from wegwijs.core.audit import GENESIS_HASH
from wegwijs.core.audit_chain import BreakKind, ChainBreak, ChainVerifier, Head
from wegwijs.core.audit_keys import DEVELOPMENT_KEY_RING, LEGACY_KEY_ID, parse_key_ring
from wegwijs.core.models import AuditEntry

KEY_NEW = base64.b64encode(b"n" * 32).decode()
KEY_OLD = base64.b64encode(b"o" * 32).decode()
RING = parse_key_ring(f"new:{KEY_NEW},old:{KEY_OLD}")
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def entry(pk, *, key_id="new", previous_hash=GENESIS_HASH, ring=RING, **content):
    """An entry signed as ``record`` signs it (SHA-256 for a legacy one)."""
    made = AuditEntry(
        pk=pk,
        timestamp=START + datetime.timedelta(minutes=pk),
        action="read",
        object_id=str(pk),
        key_id=key_id,
        previous_hash=previous_hash,
        **content,
    )
    made.entry_hash = made.compute_hash(ring)
    return made


def chain(count, *, first=1, previous_hash=GENESIS_HASH, key_id="new", ring=RING):
    entries = []
    for pk in range(first, first + count):
        entries.append(entry(pk, key_id=key_id, previous_hash=previous_hash, ring=ring))
        previous_hash = entries[-1].entry_hash
    return entries


def rechain_unkeyed(entries, start):
    """What the table owner can do without the key: redo the SHA-256 chain from ``start``."""
    previous_hash = entries[start - 1].entry_hash if start else GENESIS_HASH
    for forged in entries[start:]:
        forged.previous_hash = previous_hash
        forged.entry_hash = forged.unkeyed_hash()
        previous_hash = forged.entry_hash


def breaks(entries, ring=RING):
    return list(ChainVerifier(ring).walk(entries))


def test_an_untouched_chain_has_no_breaks():
    verifier = ChainVerifier(RING)
    assert list(verifier.walk(chain(5))) == []
    assert verifier.checked == 5
    assert verifier.last.pk == 5


def test_a_row_signed_with_the_key_differs_from_its_plain_sha256():
    signed = entry(1)
    assert signed.entry_hash != signed.unkeyed_hash()
    assert "key_id" in json.loads(signed.canonical_content())


def test_content_changed_while_the_next_row_still_links_is_reported_as_changed():
    entries = chain(5)
    entries[2].reason = "rewritten"
    assert breaks(entries) == [ChainBreak(BreakKind.CHANGED, 3, "new")]


def test_a_changed_last_row_has_no_voucher_and_counts_as_forged():
    entries = chain(3)
    entries[2].object_id = "other"
    assert breaks(entries) == [ChainBreak(BreakKind.FORGED, 3, "new")]


def test_rows_the_owner_rechained_with_sha256_are_each_forged():
    entries = chain(6)
    entries[3].reason = "rewritten"
    rechain_unkeyed(entries, 3)
    assert breaks(entries) == [ChainBreak(BreakKind.FORGED, pk, "new") for pk in (4, 5, 6)]


def test_rows_rechained_as_legacy_after_keyed_rows_are_forged():
    entries = chain(4)
    for forged in entries[2:]:
        forged.key_id = LEGACY_KEY_ID
    rechain_unkeyed(entries, 2)
    assert breaks(entries) == [
        ChainBreak(BreakKind.LEGACY_AFTER_KEYED, 3, LEGACY_KEY_ID),
        ChainBreak(BreakKind.LEGACY_AFTER_KEYED, 4, LEGACY_KEY_ID),
    ]


def test_a_forged_row_stays_forged_when_a_real_row_is_signed_on_top_of_it():
    """The runtime role inserts a row with a SHA-256 that chains; the application then signs
    the next row over that hash. The next row vouches for the hash, not for the forgery."""
    entries = chain(3)
    forged = AuditEntry(
        pk=4, timestamp=START, action="read", key_id="new", previous_hash=entries[-1].entry_hash
    )
    forged.entry_hash = forged.unkeyed_hash()
    after = entry(5, previous_hash=forged.entry_hash)
    assert breaks([*entries, forged, after]) == [ChainBreak(BreakKind.FORGED, 4, "new")]


def test_after_a_junk_row_the_walk_resynchronises_and_finds_a_later_edit():
    entries = chain(3)
    junk = AuditEntry(pk=4, timestamp=START, action="read", key_id="new", previous_hash="a" * 64)
    junk.entry_hash = "b" * 64
    later = chain(4, first=5, previous_hash=junk.entry_hash)
    later[1].reason = "rewritten"
    assert breaks([*entries, junk, *later]) == [
        ChainBreak(BreakKind.FORGED, 4, "new"),
        ChainBreak(BreakKind.CHANGED, 6, "new"),
    ]


def test_a_removed_row_is_reported_at_the_row_after_the_gap():
    entries = chain(5)
    del entries[2]
    assert breaks(entries) == [ChainBreak(BreakKind.REMOVED, 4, "new", previous_id=2)]


def test_rows_removed_from_the_start_are_reported_at_the_first_row_left():
    found = breaks(chain(4)[2:])
    assert found == [ChainBreak(BreakKind.REMOVED, 3, "new", previous_id=None)]
    assert "the start of the log" in found[0].message


def test_a_row_whose_key_is_not_in_the_ring_is_reported_and_the_walk_goes_on():
    entries = chain(4)
    other_ring = parse_key_ring(f"stranger:{KEY_OLD}")
    stranger = entry(3, key_id="stranger", previous_hash=entries[1].entry_hash, ring=other_ring)
    entries[2] = stranger
    entries[3] = entry(4, previous_hash=stranger.entry_hash)
    assert breaks(entries) == [ChainBreak(BreakKind.UNKNOWN_KEY, 3, "stranger")]


def test_legacy_rows_are_accepted_before_the_first_keyed_row():
    legacy = chain(3, key_id=LEGACY_KEY_ID)
    keyed = chain(2, first=4, previous_hash=legacy[-1].entry_hash)
    assert breaks([*legacy, *keyed]) == []
    assert legacy[0].entry_hash == legacy[0].unkeyed_hash()
    assert "key_id" not in json.loads(legacy[0].canonical_content())


def test_a_legacy_row_changed_is_reported_even_though_it_needs_no_key():
    legacy = chain(3, key_id=LEGACY_KEY_ID)
    keyed = chain(1, first=4, previous_hash=legacy[-1].entry_hash)
    legacy[1].reason = "rewritten"
    assert breaks([*legacy, *keyed]) == [ChainBreak(BreakKind.CHANGED, 2, LEGACY_KEY_ID)]


def test_rotation_old_rows_verify_with_their_own_key():
    old_ring = parse_key_ring(f"old:{KEY_OLD}")
    before = chain(3, key_id="old", ring=old_ring)
    after = chain(3, first=4, previous_hash=before[-1].entry_hash)
    assert breaks([*before, *after]) == []
    without_old = parse_key_ring(f"new:{KEY_NEW}")
    assert breaks([*before, *after], ring=without_old) == [
        ChainBreak(BreakKind.UNKNOWN_KEY, pk, "old") for pk in (1, 2, 3)
    ]


def test_every_kind_has_a_message_naming_the_entry():
    for kind in BreakKind:
        message = ChainBreak(kind, 42, "new", previous_id=41).message
        assert message.startswith("Entry 42: ")
        assert "None" not in message


def test_the_walk_streams_breaks_before_it_has_read_everything():
    entries = chain(3)
    entries[0].reason = "rewritten"
    read = []

    def source():
        for item in entries:
            read.append(item.pk)
            yield item

    first = next(ChainVerifier(RING).walk(source()))
    assert first.entry_id == 1
    assert read == [1, 2]  # one entry of look-ahead, not the whole log


def test_counts_per_kind():
    entries = chain(6)
    entries[1].reason = "rewritten"
    del entries[3]
    verifier = ChainVerifier(RING)
    list(verifier.walk(entries))
    assert verifier.counts == {BreakKind.CHANGED: 1, BreakKind.REMOVED: 1}


def test_key_ring_first_key_signs_and_all_verify():
    ring = parse_key_ring(f" new:{KEY_NEW} , old:{KEY_OLD}")
    assert ring.signing_id == "new"
    assert ring.key("old") == b"o" * 32


def test_key_ring_takes_the_url_safe_alphabet():
    raw = bytes(range(250, 256)) * 6
    ring = parse_key_ring("k:" + base64.urlsafe_b64encode(raw).decode())
    assert ring.key("k") == raw


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "holds no key"),
        (KEY_NEW, "id:base64key"),
        ("k:", "id:base64key"),
        ("k:not base64!", "not valid base64"),
        ("k:" + base64.b64encode(b"short").decode(), "at least 32"),
        (f"{LEGACY_KEY_ID}:{KEY_NEW}", "not a usable key id"),
        (f"a-key-id-far-too-long:{KEY_NEW}", "not a usable key id"),
        (f"k:{KEY_NEW},k:{KEY_OLD}", "twice"),
    ],
)
def test_key_ring_refuses_a_malformed_value(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_key_ring(value)


def test_production_refuses_the_published_development_key():
    parse_key_ring(DEVELOPMENT_KEY_RING)
    with pytest.raises(ImproperlyConfigured, match="development key"):
        parse_key_ring(f"prod:{KEY_NEW},{DEVELOPMENT_KEY_RING}", production=True)


def test_head_reads_the_audit_head_line_and_a_bare_hash():
    line = Head.of(entry(7), entries=7).as_json()
    assert json.loads(line)["id"] == 7
    assert Head.parse(line) == Head(hash=entry(7).entry_hash, id=7)
    assert Head.parse(f" {'c' * 64}\n") == Head(hash="c" * 64)


@pytest.mark.parametrize(
    "text", ["sha256=abc", "{}", '{"hash": "xyz"}', f'{{"hash": "{"c" * 64}", "id": "7"}}', "[]"]
)
def test_head_refuses_anything_else(text):
    with pytest.raises(ValueError):
        Head.parse(text)
