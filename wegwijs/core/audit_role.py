"""The runtime database role must not be able to undo the access log's protection (LOG-03).

The append-only trigger (migration ``core.0002``) holds against every role, but a superuser, the
table's owner (or a member of the owner role), the owner of its schema (who may drop it) and
the owner of the trigger function (who may replace it) can switch it off or around it. The web
server and the scheduled commands therefore connect as a role with only SELECT and INSERT on
``core_auditentry``; ``manage.py migrate`` runs as the owner (README, docs/operations.md).

The system check below is a deployment check on the database (``manage.py check --deploy
--database default``); ``wsgi.py`` runs it at start-up in production and refuses to start on an
error. Only PostgreSQL is checked: production runs nothing else.
"""

import logging

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections

from wegwijs.core.models import AuditEntry

logger = logging.getLogger("wegwijs.security")

TRIGGER_FUNCTION = "wegwijs_audit_append_only"  # created by migration core.0002
REFUSED_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")

# One row, or none before the first migrate. Membership counts whether or not it is inherited:
# a member may SET ROLE to the owner.
_POWERS = """
SELECT r.rolname,
       r.rolsuper,
       pg_has_role(current_user, c.relowner, 'MEMBER'),
       pg_has_role(current_user, n.nspowner, 'MEMBER'),
       COALESCE((SELECT bool_or(pg_has_role(current_user, p.proowner, 'MEMBER'))
                 FROM pg_proc p WHERE p.proname = %s), false),
       has_table_privilege(current_user, c.oid, 'UPDATE'),
       has_table_privilege(current_user, c.oid, 'DELETE'),
       has_table_privilege(current_user, c.oid, 'TRUNCATE'),
       has_table_privilege(current_user, c.oid, 'TRIGGER')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_roles r ON r.rolname = current_user
WHERE c.oid = to_regclass(%s)
"""


def role_errors(alias: str = "default") -> list[Error]:
    """What the role of connection ``alias`` could do to the access log that it must not."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return []
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(_POWERS, [TRIGGER_FUNCTION, connection.ops.quote_name(table)])
        row = cursor.fetchone()
    if row is None:
        return []  # not migrated yet: nothing to protect
    role, superuser, owns_table, owns_schema, owns_function, *privileges = row
    errors = []
    powers = [
        label
        for label, holds in (
            ("is a superuser", superuser),
            (f"owns {table} (or is a member of its owner role)", owns_table),
            ("owns the table's schema", owns_schema),
            (f"owns the trigger function {TRIGGER_FUNCTION}", owns_function),
        )
        if holds
    ]
    if powers:
        errors.append(
            Error(
                f"The database role {role!r} of connection {alias!r} {', '.join(powers)}: it "
                "could switch off the access log's append-only trigger.",
                hint="Run the application as a role with only SELECT and INSERT on "
                f"{table}; run migrate as the owner (docs/operations.md, Audit log).",
                id="wegwijs.E010",
            )
        )
    granted = [name for name, holds in zip(REFUSED_PRIVILEGES, privileges, strict=True) if holds]
    if granted and not powers:  # an owner holds every privilege anyway
        errors.append(
            Error(
                f"The database role {role!r} of connection {alias!r} holds "
                f"{', '.join(granted)} on {table}.",
                hint=f"As the owner: REVOKE {', '.join(granted)} ON {table} FROM {role};",
                id="wegwijs.E011",
            )
        )
    return errors


@register(Tags.database, deploy=True)
def check_runtime_role(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    return role_errors("default")


def refuse_unsafe_runtime_role() -> None:
    """Start-up check of the web server in production: raise when the role could undo the
    access log's protection. A database that does not answer yet does not stop the start (the
    outage page answers meanwhile, REL-04); ``check --deploy --database default`` checks then."""
    connection = connections["default"]
    try:
        errors = role_errors("default")
    except DatabaseError as error:
        logger.warning("Could not check the database role at start-up (%s).", type(error).__name__)
        return
    finally:
        # No connection opened here may be inherited by forked workers.
        connection.close()
    if errors:
        raise ImproperlyConfigured(
            " ".join(f"{error.id}: {error.msg} {error.hint}" for error in errors)
        )
