"""The access log: append-only, hash-chained, and the privacy officer's page (rule 3, LOG-01/03)."""

import datetime
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.core import audit
from wegwijs.core.audit_chain import BreakKind, ChainBreak, verify_chain
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AppendOnlyError, AuditEntry


@contextmanager
def append_only_triggers_off():
    """Tampering needs the PostgreSQL triggers off, as only a superuser or the table owner can
    do (tests/core/test_audit_trigger.py tests the triggers themselves)."""
    if connection.vendor != "postgresql":
        yield
        return
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no FK checks
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.mark.django_db
def test_record_stores_identifiers_not_values(rf, coordinator):
    request = rf.get("/", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="192.0.2.1")
    request.user = coordinator
    client_id = uuid.uuid4()
    entry = audit.record(
        request,
        action=AuditAction.UPDATE,
        obj=coordinator,
        client_id=client_id,
        fields=["phone", "address"],
    )
    entry.refresh_from_db()
    assert entry.actor == coordinator
    assert entry.actor_role == "coordinator"
    assert entry.object_id == str(coordinator.public_id)
    assert entry.object_type == "accounts.user"
    assert entry.client_id == client_id
    assert entry.fields == ["address", "phone"]
    assert entry.ip_address == "192.0.2.1"
    assert entry.user_agent == "Firefox"


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_removed(coordinator):
    entry = audit.record(action=AuditAction.READ, actor=coordinator, object_id="x")
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_chain_verifies_and_names_a_tampered_row(coordinator):
    entries = [
        audit.record(action=AuditAction.READ, actor=coordinator, object_id=str(i)) for i in range(5)
    ]
    assert verify_chain().intact
    table = AuditEntry._meta.db_table
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET object_id = 'changed' WHERE id = %s", [entries[2].pk])  # noqa: S608
    report = verify_chain()
    assert report.checked == 5
    assert report.breaks == [ChainBreak(BreakKind.CHANGED, entries[2].pk, "dev")]


@pytest.mark.django_db
def test_verify_command_exits_non_zero_on_a_break(coordinator, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    entries = [audit.record(action=AuditAction.READ, actor=coordinator) for _ in range(3)]
    call_command("verify_audit_log")
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[1].pk])  # noqa: S608
    with pytest.raises(CommandError, match="1 break in 2 entries.*security incident"):
        call_command("verify_audit_log")
    assert (
        f"Entry {entries[2].pk}: does not link to entry {entries[0].pk}" in capsys.readouterr().err
    )


@pytest.mark.django_db
def test_privacy_officer_filters_by_user_client_and_date(client, privacy_officer, coordinator):
    client_id = uuid.uuid4()
    audit.record(action=AuditAction.READ, actor=coordinator, client_id=client_id)
    audit.record(action=AuditAction.READ, actor=privacy_officer, client_id=uuid.uuid4())
    verified_login(client, privacy_officer)
    url = reverse("core:audit_log")
    by_user = client.get(url, {"actor": coordinator.pk})
    assert [e.actor for e in by_user.context["page"]] == [coordinator]
    by_client = client.get(url, {"client": str(client_id)})
    assert [e.client_id for e in by_client.context["page"]] == [client_id]
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    assert len(client.get(url, {"date_from": tomorrow}).context["page"]) == 0
    assert len(client.get(url, {"date_to": today}).context["page"]) >= 2
    bad = client.get(url, {"date_from": tomorrow, "date_to": today})
    assert "einddatum ligt voor de begindatum" in bad.content.decode()
    assert len(bad.context["page"]) == 0


@pytest.mark.django_db
def test_audit_page_query_count_does_not_grow(client, privacy_officer, coordinator):
    verified_login(client, privacy_officer)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(conn) as ctx:
            assert client.get(reverse("core:audit_log")).status_code == 200
        return len(ctx)

    client.get(reverse("core:audit_log"))  # the first request stamps the session
    audit.record(action=AuditAction.READ, actor=coordinator)
    few = count()
    for _ in range(60):
        audit.record(action=AuditAction.READ, actor=coordinator)
    assert count() == few


@pytest.mark.django_db
def test_only_the_privacy_officer_sees_entries(coordinator, privacy_officer, beheerder):
    audit.record(action=AuditAction.READ, actor=coordinator)
    assert AuditEntry.objects.visible_to(privacy_officer).count() >= 1
    assert AuditEntry.objects.visible_to(beheerder).count() == 0
    assert AuditEntry.objects.visible_to(coordinator).count() == 0
