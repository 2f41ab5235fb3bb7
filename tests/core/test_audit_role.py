"""Production refuses a database role that could undo the access log's protection (LOG-03).

PostgreSQL only: the roles are made inside the test's transaction by the test user, a superuser.
"""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from tests.core.test_errors_and_settings import PRODUCTION_ENV
from wegwijs.core.audit_role import role_errors
from wegwijs.core.models import AuditEntry

TABLE = AuditEntry._meta.db_table

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only"
)


def sql(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)


def new_role(prefix, *grants):
    role = f"wegwijs_test_{prefix}_{uuid.uuid4().hex[:10]}"
    sql(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER")
    sql(f"GRANT USAGE ON SCHEMA public TO {role}")
    for grant in grants:
        sql(grant.format(role=role))
    return role


def errors_as(role):
    sql(f"SET ROLE {role}")
    try:
        return role_errors()
    finally:
        sql("RESET ROLE")


@postgresql_only
@pytest.mark.django_db
def test_a_runtime_role_with_select_and_insert_only_passes():
    role = new_role("app", f"GRANT SELECT, INSERT ON {TABLE} TO {{role}}")
    assert errors_as(role) == []


@postgresql_only
@pytest.mark.django_db
def test_the_table_owner_is_refused():
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    role = new_role("owner")
    sql(f"ALTER TABLE {TABLE} OWNER TO {role}")
    errors = errors_as(role)
    assert [error.id for error in errors] == ["wegwijs.E010"]
    assert f"owns {TABLE}" in errors[0].msg


@postgresql_only
@pytest.mark.django_db
def test_a_member_of_the_owner_role_is_refused():
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    owner = new_role("owner")
    sql(f"ALTER TABLE {TABLE} OWNER TO {owner}")
    member = new_role("app", f"GRANT SELECT, INSERT ON {TABLE} TO {{role}}")
    sql(f"GRANT {owner} TO {member}")
    assert [error.id for error in errors_as(member)] == ["wegwijs.E010"]


@postgresql_only
@pytest.mark.django_db
def test_the_owner_of_the_trigger_function_is_refused():
    role = new_role("app", f"GRANT SELECT, INSERT ON {TABLE} TO {{role}}")
    sql(f"ALTER FUNCTION wegwijs_audit_append_only() OWNER TO {role}")
    errors = errors_as(role)
    assert [error.id for error in errors] == ["wegwijs.E010"]
    assert "trigger function" in errors[0].msg


@postgresql_only
@pytest.mark.django_db
def test_a_superuser_is_refused():
    errors = role_errors()  # the test user
    assert [error.id for error in errors] == ["wegwijs.E010"]
    assert "superuser" in errors[0].msg


@postgresql_only
@pytest.mark.django_db
def test_a_runtime_role_with_update_or_delete_is_refused_with_the_revoke_to_run():
    role = new_role("app", f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {{role}}")
    errors = errors_as(role)
    assert [error.id for error in errors] == ["wegwijs.E011"]
    assert errors[0].hint == f"As the owner: REVOKE UPDATE, DELETE ON {TABLE} FROM {role};"


@postgresql_only
@pytest.mark.django_db
def test_deploy_check_on_the_database_fails_for_a_superuser():
    with pytest.raises(SystemCheckError, match="wegwijs.E010"):
        call_command("check", deploy=True, databases=["default"])


@pytest.mark.django_db
def test_other_commands_do_not_run_the_role_check():
    """migrate runs the database checks as the owner: the role check is a deploy check."""
    call_command("check", databases=["default"])


def start_web_server(database_url):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEBUG"}
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", "import wegwijs.wsgi"],
        cwd=settings.BASE_DIR,
        env={**clean, **PRODUCTION_ENV, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@postgresql_only
@pytest.mark.django_db
def test_the_web_server_refuses_to_start_as_a_superuser():
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = start_web_server(url)
    assert result.returncode != 0
    assert "wegwijs.E010" in result.stderr
    assert "superuser" in result.stderr


def test_the_web_server_starts_while_the_database_is_down():
    """The outage page answers meanwhile (REL-04); the role is checked on the next start or by
    `check --deploy --database default`."""
    result = start_web_server("postgres://wegwijs@127.0.0.1:9/wegwijs")
    assert result.returncode == 0, result.stderr
    assert "Could not check the database role at start-up" in result.stderr
