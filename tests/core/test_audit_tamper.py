"""The attacks of issue 10 on the access log, with real database roles (LOG-03).

A table owner who switches the trigger off and re-chains with SHA-256, a runtime role that
inserts rows which chain, a junk row hiding later edits, a removed row: each is named by
``verify_audit_log``. The tests run on PostgreSQL (CI, or locally with DATABASE_URL); the test
user there is a superuser, which creates the roles inside the test's transaction.
"""

import json
import uuid
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from wegwijs.core import audit
from wegwijs.core.audit_chain import BreakKind, ChainBreak, verify_chain
from wegwijs.core.audit_keys import DEVELOPMENT_KEY_RING, LEGACY_KEY_ID
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AuditEntry

TABLE = AuditEntry._meta.db_table
ROTATED_RING = "k2:" + "cm90YXRlZC1rZXktb2YtdGhlLWF1ZGl0LWxvZy10ZXN0cw==," + DEVELOPMENT_KEY_RING

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles and triggers need PostgreSQL"
)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def record_entries(actor, count):
    return [
        audit.record(action=AuditAction.READ, actor=actor, object_id=str(i)) for i in range(count)
    ]


def new_role(prefix):
    """A role that lives as long as the test's transaction."""
    role = f"wegwijs_test_{prefix}_{uuid.uuid4().hex[:10]}"
    sql(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER")
    sql(f"GRANT USAGE ON SCHEMA public TO {role}")
    return role


@pytest.fixture
def owner_role(db):
    """The table's owner, not a superuser: the role `migrate` runs as."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no pending FK checks
    role = new_role("owner")
    sql(f"ALTER TABLE {TABLE} OWNER TO {role}")
    return role


@pytest.fixture
def runtime_role(db):
    """The web server's role: SELECT and INSERT on the log, nothing more."""
    role = new_role("app")
    sql(f"GRANT SELECT, INSERT ON {TABLE} TO {role}")
    sql(f"GRANT USAGE ON SEQUENCE {TABLE}_id_seq TO {role}")
    return role


@contextmanager
def acting_as(role):
    sql(f"SET ROLE {role}")
    try:
        yield
    finally:
        sql("RESET ROLE")


def owner_edits(owner_role, changes):
    """As the owner: trigger off, write ``{id: {column: value}}``, trigger on."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with acting_as(owner_role):
        sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        for pk, columns in changes.items():
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql(f"UPDATE {TABLE} SET {assignments} WHERE id = %s", [*columns.values(), pk])  # noqa: S608
        sql(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")


def insert_row(entry):
    """A raw INSERT of an entry built by hand, as a role without the application would."""
    columns = [
        "timestamp",
        "actor_role",
        "on_behalf_of",
        "action",
        "event",
        "object_type",
        "object_id",
        "fields",
        "result",
        "emergency",
        "reason",
        "user_agent",
        "request_id",
        "key_id",
        "previous_hash",
        "entry_hash",
    ]
    values = [getattr(entry, column) for column in columns]
    values[columns.index("fields")] = json.dumps(entry.fields)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",  # noqa: S608
            values,
        )
        return cursor.fetchone()[0]


def forged_entry(previous_hash, key_id="dev", **content):
    """What someone with database access but without the key can make: a row whose plain
    SHA-256 chains to the head."""
    entry = AuditEntry(
        action=AuditAction.READ, key_id=key_id, previous_hash=previous_hash, **content
    )
    entry.entry_hash = entry.unkeyed_hash()
    return entry


def head_line(capsys):
    capsys.readouterr()
    call_command("audit_head")
    return capsys.readouterr().out.strip()


def verify_fails(capsys, **options):
    """Run the command; return the break lines it printed. It must exit non-zero."""
    capsys.readouterr()
    with pytest.raises(CommandError, match="security incident"):
        call_command("verify_audit_log", **options)
    return capsys.readouterr().err.splitlines()


@postgresql_only
@pytest.mark.parametrize("key_id", ["dev", LEGACY_KEY_ID], ids=["same-key-id", "as-legacy"])
def test_owner_who_rechains_after_the_copied_head_is_detected(
    coordinator, owner_role, capsys, key_id
):
    """The issue's case: the head was copied off-host at entry 3; the owner rewrites entry 5
    and redoes the SHA-256 chain over 5 and 6. The old head is still there, yet the check fails."""
    entries = record_entries(coordinator, 3)
    copied_head = head_line(capsys)
    entries += record_entries(coordinator, 3)
    call_command("verify_audit_log", expect_head=copied_head)

    previous_hash = entries[3].entry_hash
    rechained = {}
    for original in entries[4:]:
        stored = AuditEntry.objects.get(pk=original.pk)
        stored.key_id = key_id
        stored.reason = "rewritten" if original is entries[4] else stored.reason
        stored.previous_hash = previous_hash
        stored.entry_hash = stored.unkeyed_hash()
        previous_hash = stored.entry_hash
        rechained[stored.pk] = {
            "key_id": stored.key_id,
            "reason": stored.reason,
            "previous_hash": stored.previous_hash,
            "entry_hash": stored.entry_hash,
        }
    owner_edits(owner_role, rechained)

    kind = BreakKind.FORGED if key_id == "dev" else BreakKind.LEGACY_AFTER_KEYED
    assert verify_chain().breaks == [ChainBreak(kind, e.pk, key_id) for e in entries[4:]]
    lines = verify_fails(capsys, expect_head=copied_head)
    assert [line.split(":")[0] for line in lines] == [f"Entry {e.pk}" for e in entries[4:]]
    assert all("forged" in line for line in lines)


@postgresql_only
def test_runtime_role_cannot_switch_the_trigger_off(runtime_role):
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    refused = pytest.raises(DatabaseError, match="must be owner")
    with acting_as(runtime_role), refused, transaction.atomic():
        sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")


@postgresql_only
def test_runtime_role_inserting_a_row_that_chains_is_detected(
    coordinator, runtime_role, capsys, caplog
):
    entries = record_entries(coordinator, 3)
    with acting_as(runtime_role):
        forged_id = insert_row(forged_entry(entries[-1].entry_hash, event="login"))
    after = record_entries(coordinator, 2)  # the application signs on top of the forgery
    warned = [r.getMessage() for r in caplog.records if r.name == "wegwijs.security"]
    assert warned == [
        f"Access log entry {forged_id} does not verify with the audit key; run verify_audit_log."
    ]

    assert after[0].previous_hash == AuditEntry.objects.get(pk=forged_id).entry_hash
    assert verify_chain().breaks == [ChainBreak(BreakKind.FORGED, forged_id, "dev")]
    assert verify_fails(capsys) == [
        f"Entry {forged_id}: forged: its hash does not verify with key 'dev'; it was written, "
        "changed or re-chained without the audit key."
    ]


@postgresql_only
def test_a_junk_row_does_not_hide_a_later_edit(coordinator, runtime_role, owner_role, capsys):
    entries = record_entries(coordinator, 2)
    with acting_as(runtime_role):
        junk = forged_entry("a" * 64)
        junk.entry_hash = "b" * 64
        junk_id = insert_row(junk)
    later = record_entries(coordinator, 4)
    owner_edits(owner_role, {later[1].pk: {"object_id": "changed"}})

    assert verify_chain().breaks == [
        ChainBreak(BreakKind.FORGED, junk_id, "dev"),
        ChainBreak(BreakKind.CHANGED, later[1].pk, "dev"),
    ]
    lines = verify_fails(capsys)
    assert lines[0].startswith(f"Entry {junk_id}: forged")
    assert lines[1].startswith(f"Entry {later[1].pk}: content changed")
    assert entries[0].pk < junk_id


@postgresql_only
def test_a_removed_row_is_named_with_its_neighbours(coordinator, owner_role, capsys):
    entries = record_entries(coordinator, 4)
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with acting_as(owner_role):
        sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        sql(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])  # noqa: S608
        sql(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
    assert verify_fails(capsys) == [
        f"Entry {entries[2].pk}: does not link to entry {entries[0].pk} before it: entries "
        f"between them were removed, or entry {entries[0].pk} was changed or inserted."
    ]


@postgresql_only
def test_rows_cut_from_the_end_are_caught_by_the_copied_head(coordinator, owner_role, capsys):
    record_entries(coordinator, 3)
    copied_head = head_line(capsys)
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with acting_as(owner_role):
        sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        sql(f"DELETE FROM {TABLE} WHERE id = %s", [json.loads(copied_head)["id"]])  # noqa: S608
        sql(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
    call_command("verify_audit_log")  # the chain alone cannot see it
    capsys.readouterr()
    with pytest.raises(CommandError, match="no longer holds the earlier head"):
        call_command("verify_audit_log", expect_head=copied_head)


@pytest.mark.django_db
def test_rotation_new_rows_sign_with_the_first_key_old_rows_keep_theirs(coordinator):
    old = record_entries(coordinator, 2)
    with override_settings(AUDIT_HMAC_KEYS=ROTATED_RING):
        new = record_entries(coordinator, 2)
        assert verify_chain().intact
    assert [e.key_id for e in AuditEntry.objects.order_by("id")] == ["dev", "dev", "k2", "k2"]
    with override_settings(AUDIT_HMAC_KEYS=ROTATED_RING.split(",")[0]):
        assert verify_chain().breaks == [
            ChainBreak(BreakKind.UNKNOWN_KEY, e.pk, "dev") for e in old
        ]
    assert new[0].previous_hash == old[-1].entry_hash


@pytest.mark.django_db
def test_keyed_rows_chain_onto_the_legacy_rows_of_before_the_keys(coordinator):
    """Migration core.0004 leaves old rows as they were, key id 'legacy' and plain SHA-256."""
    previous_hash = audit.GENESIS_HASH
    legacy = []
    for i in range(3):
        row = AuditEntry(
            action=AuditAction.READ,
            object_id=str(i),
            key_id=LEGACY_KEY_ID,
            previous_hash=previous_hash,
        )
        row.entry_hash = row.unkeyed_hash()
        previous_hash = row.entry_hash
        legacy.append(row)
    AuditEntry.objects.bulk_create(legacy)
    keyed = record_entries(coordinator, 2)
    assert keyed[0].previous_hash == legacy[-1].entry_hash
    assert verify_chain().intact
    assert verify_chain().checked == 5


@pytest.mark.django_db
def test_audit_head_prints_one_json_line_that_verify_takes_back(coordinator, capsys):
    entries = record_entries(coordinator, 3)
    line = head_line(capsys)
    head = json.loads(line)
    assert head == {
        "id": entries[-1].pk,
        "timestamp": entries[-1].timestamp.isoformat(),
        "key_id": "dev",
        "hash": entries[-1].entry_hash,
        "entries": 3,
    }
    record_entries(coordinator, 1)
    call_command("verify_audit_log", expect_head=line)
    call_command("verify_audit_log", expect_head="")  # the first night: nothing copied yet


@pytest.mark.django_db
def test_audit_head_of_an_empty_log_is_the_genesis_hash(capsys):
    head = json.loads(head_line(capsys))
    assert head["hash"] == audit.GENESIS_HASH
    assert head["id"] is None


@pytest.mark.django_db
def test_audit_head_refuses_to_ship_a_newest_row_that_does_not_verify(coordinator, capsys):
    record_entries(coordinator, 2)
    forged = forged_entry(AuditEntry.objects.order_by("-id").first().entry_hash)
    forged.save()
    with pytest.raises(CommandError, match=f"newest entry {forged.pk} does not verify"):
        call_command("audit_head")


@pytest.mark.django_db
def test_record_warns_at_once_when_the_newest_entry_does_not_verify(coordinator, caplog):
    record_entries(coordinator, 2)
    assert not [r for r in caplog.records if r.name == "wegwijs.security"]
    forged = forged_entry(AuditEntry.objects.order_by("-id").first().entry_hash)
    forged.save()
    record_entries(coordinator, 2)
    warnings = [r for r in caplog.records if r.name == "wegwijs.security"]
    assert [r.getMessage() for r in warnings] == [
        f"Access log entry {forged.pk} does not verify with the audit key; run verify_audit_log."
    ]


@pytest.mark.django_db
def test_verify_refuses_an_unreadable_expected_head(capsys):
    with pytest.raises(CommandError, match="--expect-head takes") as refused:
        call_command("verify_audit_log", expect_head="sha256=abc")
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_verify_names_a_head_that_moved_to_another_id(coordinator, capsys):
    entries = record_entries(coordinator, 2)
    moved = json.dumps({"id": entries[0].pk, "hash": entries[1].entry_hash})
    with pytest.raises(CommandError, match=f"was entry {entries[0].pk} and is now entry"):
        call_command("verify_audit_log", expect_head=moved)
