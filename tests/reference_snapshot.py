"""The real reference data, loaded once per test database and copied into the tests that ask.

Running the loaders of ``manage.py load_reference_data`` (YAML read and checked, rows written one
``get_or_create`` at a time) took most of the setup time of the tests that need the real data.
Here the first test of a test database that asks for a set of loaders runs them once, in a
transaction that is rolled back, and keeps the rows they wrote; that test and every later one
get those rows in one bulk insert per table. A test sees the rows a load into its own empty
database writes, and only when it asks for them: every other test keeps an empty database, and
tests marked ``transaction=True`` (which flush the database) get their copy the same way.

Tests of the loaders themselves (idempotence, counts, broken files) call them directly.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models.fields import AutoFieldMixin

_snapshots = {}


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model, using):
    names = [field.attname for field in model._meta.local_concrete_fields]
    return {
        row[model._meta.pk.attname]: row
        for row in model._base_manager.using(using).values(*names).order_by()
    }


class _Changed(Exception):
    """The test had written rows of the tables the loaders write (or point at): what they
    wrote then is not what they write into an empty database."""


def _take(load, using):
    models = _models()
    before = {model: _rows(model, using) for model in models}
    with transaction.atomic(using=using):
        load()
        after = {model: _rows(model, using) for model in models}
        transaction.set_rollback(True, using=using)
    added = {}
    for model in models:
        old, new = before[model], after[model]
        if any(new.get(pk) != row for pk, row in old.items()):
            raise _Changed(model._meta.label)
        if rows := [row for pk, row in new.items() if pk not in old]:
            if old:
                raise _Changed(model._meta.label)
            added[model] = rows
    keys = {model: {row[model._meta.pk.attname] for row in rows} for model, rows in added.items()}
    for model, rows in added.items():
        for field in model._meta.local_concrete_fields:
            if field.is_relation and any(
                row[field.attname] is not None
                and row[field.attname] not in keys.get(field.related_model, ())
                for row in rows
            ):
                raise _Changed(f"{model._meta.label}.{field.name}")
    return _shifted(added)


# Far above the keys a test's own rows get, so that rows a test wrote before asking for the
# reference data do not collide with the copied ones.
KEY_OFFSET = 1_000_000


def _shifted(added):
    """``added`` with the integer primary keys of its rows, and the keys pointing at them,
    moved up by KEY_OFFSET."""
    keys = {
        model: {row[model._meta.pk.attname] for row in rows}
        for model, rows in added.items()
        if isinstance(model._meta.pk, AutoFieldMixin)
    }
    shifted = {}
    for model, rows in added.items():
        moved = [
            (field.attname, keys[field.related_model])
            for field in model._meta.local_concrete_fields
            if field.is_relation and field.related_model in keys
        ]
        if model in keys:
            moved.append((model._meta.pk.attname, keys[model]))
        shifted[model] = [
            {
                **row,
                **{
                    name: row[name] + KEY_OFFSET
                    for name, known in moved
                    if row[name] is not None and row[name] in known
                },
            }
            for row in rows
        ]
    return shifted


def _restore(added, using):
    with transaction.atomic(using=using):
        for model, rows in added.items():
            if model._meta.parents:
                raise AssertionError(f"{model._meta.label}: multi-table models are not copied")
            model._base_manager.using(using).bulk_create(model(**row) for row in rows)
        connection = connections[using]
        statements = connection.ops.sequence_reset_sql(no_style(), list(added))
        if statements:
            with connection.cursor() as cursor:
                cursor.execute(";".join(statements))


def load(key, loader, django_db_blocker, using=DEFAULT_DB_ALIAS):
    """Write into the test database the rows ``loader()`` writes into an empty one.

    When the test wrote rows of those tables before (a municipality the loaders update), it
    gets the loaders themselves, as before, and the snapshot waits for a test that did not."""
    with django_db_blocker.unblock():
        if key not in _snapshots:
            try:
                _snapshots[key] = _take(loader, using)
            except _Changed:
                loader()
                return
        try:
            _restore(_snapshots[key], using)
        except IntegrityError:
            loader()


def load_reference_data(django_db_blocker):
    """As ``manage.py load_reference_data``: every loader of the command."""
    load(
        "load_reference_data",
        lambda: call_command("load_reference_data", verbosity=0),
        django_db_blocker,
    )
