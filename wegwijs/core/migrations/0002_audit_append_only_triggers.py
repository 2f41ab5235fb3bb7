"""PostgreSQL itself refuses to change or remove access-log rows (SECURITY.md LOG-03).

The ORM already refuses (``AuditEntry.save``/``delete``, ``AuditEntryQuerySet.update``/``delete``)
and the runtime database role holds no UPDATE, DELETE or TRUNCATE on the table
(docs/operations.md, "Audit log"). These triggers are the third layer: they stop raw SQL from any
role, the table owner included, until someone allowed to ALTER the table switches them off, and
the hash chain (``manage.py verify_audit_log``) shows whatever was changed meanwhile.

One exception: a superuser may TRUNCATE. Django's test runner empties the database after every
transactional (browser) test with one TRUNCATE of all tables, run as the superuser. A superuser
can switch any trigger off anyway, so refusing would only guard against a superuser's slip, at
the price of every browser test on PostgreSQL; a TRUNCATE still shows as a drop in the entry
count against the head copied off-host. UPDATE and DELETE are refused for superusers too. The
runtime role is never a superuser.

SQLite, the development and demo default, gets no triggers: production runs PostgreSQL.
"""

from django.db import migrations

FUNCTION = "wegwijs_audit_append_only"
ROW_TRIGGER = "audit_append_only_row"
TRUNCATE_TRIGGER = "audit_append_only_truncate"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('is_superuser') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'audit log is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused',
        HINT = 'Rows of the access log are never changed or removed (SECURITY.md LOG-03).';
END;
$body$
"""


def _table(apps):
    return apps.get_model("core", "AuditEntry")._meta.db_table


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    # params=None: the SQL goes to the server as written, no placeholder handling.
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        params=None,
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
        params=None,
    )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {table}", params=None)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {table}", params=None)
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
