"""organisation 0003: a "no" nobody chose becomes unknown; one a person set in the admin stays."""

import importlib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wegwijs.organisation.factories import MunicipalityFactory
from wegwijs.organisation.models import Municipality

pytestmark = pytest.mark.django_db

MIGRATION = "0003_basic_services_unknown_unless_set"


def run(function_name):
    state = MigrationExecutor(connection).loader.project_state([("organisation", MIGRATION)])
    migration = importlib.import_module(f"wegwijs.organisation.migrations.{MIGRATION}")
    getattr(migration, function_name)(state.apps, None)


def test_a_false_nobody_set_becomes_unknown_and_a_chosen_one_stays(beheerder):
    never_set = MunicipalityFactory(has_information_point=False, has_settlement_coaching=False)
    chosen = MunicipalityFactory(has_information_point=False, has_settlement_coaching=True)
    LogEntry.objects.log_actions(
        user_id=beheerder.pk,
        queryset=[chosen],
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["information and advice point"]}}]',
        single_object=True,
    )
    run("unknown_unless_set")
    never_set.refresh_from_db()
    chosen.refresh_from_db()
    assert (never_set.has_information_point, never_set.has_settlement_coaching) == (None, None)
    assert (chosen.has_information_point, chosen.has_settlement_coaching) == (False, True)


def test_backwards_unknown_becomes_false_again():
    municipality = MunicipalityFactory(services_unknown=True)
    run("unknown_to_false")
    assert Municipality.objects.filter(
        pk=municipality.pk, has_information_point=False, has_settlement_coaching=False
    ).exists()
