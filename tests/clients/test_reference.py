"""The reference data of the client registry: permit kinds and languages from the repo."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from wegwijs.clients.models import Language, PermitKind
from wegwijs.clients.reference import load_client_reference
from wegwijs.core.reference import ReferenceDataError


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_client_reference()
    assert first.created == PermitKind.objects.count() + Language.objects.count()
    second = load_client_reference()
    assert second.created == 0
    assert PermitKind.objects.get(code="asiel-bepaalde-tijd").default_duration_years == Decimal(5)
    assert PermitKind.objects.get(code="asiel-onbepaalde-tijd").default_duration_years is None
    assert Language.objects.count() >= 25
    assert Language.objects.get(code="ti").name == "Tigrinya"


@pytest.mark.django_db
def test_a_faulty_file_writes_nothing(tmp_path):
    path = tmp_path / "reference.yaml"
    path.write_text(
        "permit_kinds:\n  - {code: a, name: A, default_duration_years: 5}\n"
        "languages:\n  - {code: NOT VALID, name: X}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError):
        load_client_reference(path)
    assert not PermitKind.objects.exists()


@pytest.mark.django_db
def test_the_command_loads_the_client_reference_data():
    call_command("load_reference_data", stdout=io.StringIO())
    assert PermitKind.objects.filter(code="nareis").exists()


@pytest.mark.django_db
def test_the_beheerder_edits_permit_kinds_and_languages_but_no_client_in_the_admin(
    client, beheerder
):
    from django.contrib import admin
    from django.urls import reverse

    from tests.conftest import verified_login
    from wegwijs.clients.models import Consent, Household, Person

    verified_login(client, beheerder)
    for name in ("admin:clients_permitkind_changelist", "admin:clients_language_changelist"):
        assert client.get(reverse(name)).status_code == 200
    for model in (Person, Household, Consent):
        assert not admin.site.is_registered(model)
