"""The access log is append-only in the ORM and, on PostgreSQL, in the database (LOG-03).

The PostgreSQL tests run in CI (.ci/run runs the suite on PostgreSQL) and locally with
DATABASE_URL pointing at one; the test user there is a superuser, as the tests need.
"""

import importlib
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from wegwijs.core import audit
from wegwijs.core.audit_chain import verify_chain
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AppendOnlyError, AuditEntry

TABLE = AuditEntry._meta.db_table
REFUSED = "audit log is append-only"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist on PostgreSQL only (SQLite is the development default)",
)


def record_entries(actor, count=3):
    return [
        audit.record(action=AuditAction.READ, actor=actor, object_id=str(i)) for i in range(count)
    ]


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def settle_pending_checks():
    """PostgreSQL refuses TRUNCATE and ALTER TABLE while the test's inserts still have deferred
    foreign-key checks pending; run those checks now."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")


def user_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        return sorted(name for (name,) in cursor.fetchall())


@pytest.mark.django_db
def test_orm_refuses_to_change_or_remove_entries(coordinator):
    entry = record_entries(coordinator, 1)[0]
    stored = AuditEntry.objects.get(pk=entry.pk)
    stored.reason = "rewritten"
    for attempt in (
        stored.save,
        stored.delete,
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten"),
        lambda: AuditEntry.objects.bulk_update([stored], ["reason"]),
        lambda: AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"reason": "x"}),
        lambda: AuditEntry.objects.all().delete(),
    ):
        # bulk_update() runs in atomic(savepoint=False), which spoils the surrounding transaction
        with pytest.raises(AppendOnlyError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""
    assert verify_chain().intact


@pytest.mark.django_db
def test_verify_command_prints_the_chain_head_to_copy_off_host(coordinator, capsys):
    entries = record_entries(coordinator)
    call_command("verify_audit_log")
    out = capsys.readouterr().out
    assert "Access log: 3 entries checked" in out
    assert "intact" in out
    head = entries[-1]
    assert f"Chain head: entry={head.pk} entries=3 key=dev hash={head.entry_hash}" in out


@pytest.mark.django_db
def test_verify_command_accepts_an_earlier_head_still_in_the_chain(coordinator):
    earlier = record_entries(coordinator)[-1]
    record_entries(coordinator)
    call_command("verify_audit_log", expect_head=earlier.entry_hash)
    call_command("verify_audit_log", expect_head=audit.GENESIS_HASH)


@pytest.mark.django_db
def test_verify_command_fails_when_the_earlier_head_is_gone(coordinator):
    record_entries(coordinator)
    lost_head = "f" * 64
    with pytest.raises(CommandError, match=f"earlier head {lost_head}.*incident"):
        call_command("verify_audit_log", expect_head=lost_head)


@postgresql_only
@pytest.mark.django_db
def test_migration_installs_the_triggers_and_its_reverse_drops_them():
    migration = importlib.import_module("wegwijs.core.migrations.0002_audit_append_only_triggers")
    expected = ["audit_append_only_row", "audit_append_only_truncate"]
    assert user_triggers() == expected
    with connection.schema_editor() as editor:
        migration.drop_triggers(apps, editor)
    assert user_triggers() == []
    with connection.schema_editor() as editor:
        migration.create_triggers(apps, editor)
    assert user_triggers() == expected


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {TABLE} SET object_id = 'changed' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {TABLE} WHERE id = %s",  # noqa: S608
    ],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_or_remove_a_row_even_as_superuser(coordinator, statement):
    entries = record_entries(coordinator)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        sql(statement, [entries[1].pk])
    assert AuditEntry.objects.get(pk=entries[1].pk).object_id == "1"
    assert verify_chain().intact


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {TABLE} SET object_id = 'changed'",  # noqa: S608
        f"DELETE FROM {TABLE}",  # noqa: S608
        f"TRUNCATE {TABLE}",
    ],
    ids=["update", "delete", "truncate"],
)
def test_an_application_role_with_every_grant_is_still_refused(coordinator, statement):
    """As the runtime role would be if its grants were wrong (or it owned the table)."""
    record_entries(coordinator)
    role = f"wegwijs_test_app_{uuid.uuid4().hex[:12]}"  # dropped with the test's transaction
    sql(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER")
    sql(f"GRANT USAGE ON SCHEMA public TO {role}")
    sql(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {TABLE} TO {role}")
    settle_pending_checks()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        sql(f"SET LOCAL ROLE {role}")
        sql(statement)
    sql("RESET ROLE")
    assert AuditEntry.objects.count() == 3
    assert verify_chain().intact


@postgresql_only
@pytest.mark.django_db
def test_superuser_may_truncate_for_the_test_runner_flush(coordinator):
    record_entries(coordinator)
    settle_pending_checks()
    with transaction.atomic():
        sql(f"TRUNCATE {TABLE}")
    assert not AuditEntry.objects.exists()


@postgresql_only
@pytest.mark.django_db
def test_superuser_edit_with_the_trigger_off_is_named_by_the_verifier(coordinator, capsys):
    entries = record_entries(coordinator, 5)
    call_command("verify_audit_log")
    settle_pending_checks()
    sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    sql(f"UPDATE {TABLE} SET reason = 'rewritten' WHERE id = %s", [entries[2].pk])  # noqa: S608
    sql(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        sql(f"UPDATE {TABLE} SET reason = '' WHERE id = %s", [entries[2].pk])  # noqa: S608
    with pytest.raises(CommandError, match="1 break in 5 entries.*security incident"):
        call_command("verify_audit_log")
    assert f"Entry {entries[2].pk}: content changed" in capsys.readouterr().err
