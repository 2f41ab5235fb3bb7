import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from wegwijs.accounts.capabilities import CAPABILITIES
from wegwijs.accounts.constants import Role
from wegwijs.accounts.factories import UserFactory
from wegwijs.accounts.models import User


@pytest.mark.django_db
def test_migrations_create_no_users():
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_gemeentecontact_belongs_to_exactly_one_municipality(municipality):
    with pytest.raises(ValidationError):
        User(email="a@example.org", full_name="A", role=Role.GEMEENTECONTACT).full_clean(
            exclude=["password"]
        )
    with pytest.raises(ValidationError):
        User(
            email="b@example.org", full_name="B", role=Role.COORDINATOR, municipality=municipality
        ).full_clean(exclude=["password"])
    with pytest.raises(IntegrityError):
        User.objects.bulk_create(
            [User(email="c@example.org", full_name="C", role=Role.GEMEENTECONTACT)]
        )


def test_every_capability_names_known_roles():
    for name, roles in CAPABILITIES.items():
        assert roles, name
        assert roles <= set(Role), name


@pytest.mark.django_db
def test_disabled_user_holds_no_capability(coordinator):
    coordinator.is_active = False
    assert not coordinator.can("core.dashboard")
    assert coordinator.capabilities == frozenset()


@pytest.mark.django_db
def test_users_visible_to_each_role(beheerder, coordinator, other_coordinator, vrijwilliger):
    assert set(User.objects.visible_to(beheerder)) >= {coordinator, other_coordinator}
    assert set(User.objects.visible_to(coordinator)) == {coordinator, vrijwilliger}
    assert list(User.objects.visible_to(vrijwilliger)) == [vrijwilliger]


@pytest.mark.django_db
def test_demo_data_gives_one_login_per_role_and_is_idempotent(capsys):
    call_command("load_reference_data")
    call_command("load_demo_data")
    call_command("load_demo_data")
    # One login per role; the other demo volunteers have no usable password.
    logins = [user.role for user in User.objects.all() if user.has_usable_password()]
    assert sorted(logins) == sorted(Role.values)
    out = capsys.readouterr().out
    assert "coordinator@demo.wegwijs.nl" in out
    assert "yonas" not in out


@pytest.mark.django_db
def test_demo_data_is_refused_in_production(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo_data")


@pytest.mark.django_db
def test_user_language_switch_is_remembered(client, coordinator):
    from tests.conftest import verified_login

    verified_login(client, coordinator)
    assert "Welkom" in client.get("/").content.decode()
    response = client.post("/account/taal/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    assert "Welcome" in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_ignores_foreign_next_urls(client):
    response = client.post("/account/taal/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


@pytest.mark.django_db
def test_factory_traits_set_roles():
    assert UserFactory(financieel=True).role == Role.FINANCE


@pytest.mark.django_db
def test_interface_is_dutch_whatever_the_browser_asks(client):
    response = client.get("/account/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen bij Wegwijs" in response.content.decode()
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_anonymous_language_choice_is_kept_in_a_cookie(client, settings):
    client.post("/account/taal/", {"language": "en", "next": "/account/inloggen/"})
    assert "Log in to Wegwijs" in client.get("/account/inloggen/").content.decode()
