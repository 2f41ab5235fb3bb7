"""Inputs an attack test sent that once gave a 500 (issue 10): each now gets a clear refusal.

Every date a user types is a ``BoundedDateField`` with a sensible range, a huge number in a
choice field is a form error, ``next`` is only a same-site path, and a NUL character anywhere in
the request is a 400 (SECURITY.md IO-01).
"""

import datetime

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.clients.conftest import person_data
from tests.conftest import PASSWORD, verified_login
from tests.trajectories.conftest import (  # noqa: F401 (fixtures shared with trajectories)
    arnhem,
    client_in_arnhem,
    open_trajectory,
    reference,
    signed_contract,
)
from wegwijs.clients import services as client_services
from wegwijs.clients.factories import PermitKindFactory
from wegwijs.clients.models import Person
from wegwijs.core.errors import DomainError
from wegwijs.core.forms import BoundedDateField, ModelMultipleChoiceField
from wegwijs.core.redirects import safe_next
from wegwijs.trajectories import plans
from wegwijs.trajectories import services as trajectory_services
from wegwijs.trajectories.models import TrajectoryOutcome
from wegwijs.volunteers.factories import VolunteerProfileFactory, VolunteerRoleFactory

HUGE = "99999999999999999999999"


@pytest.fixture
def web():
    """A test client that answers a 500 as a response instead of raising, as a browser sees it."""
    return Client(raise_request_exception=False)


# --- next: only a same-site path -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_value",
    ["abc", "opdrachten", "//evil.example/", "/\\evil.example", "https://evil.example/", "\ufffd"],
)
def test_language_switch_sends_an_unsafe_next_home(web, next_value):
    response = web.post(reverse("accounts:set_language"), {"language": "en", "next": next_value})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_survives_invalid_utf8_in_next(web):
    response = web.post(
        reverse("accounts:set_language"),
        b"language=en&next=%FF%FE%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_keeps_a_same_site_path(web):
    response = web.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/clienten/?page=2"}
    )
    assert response["Location"] == "/clienten/?page=2"


def _totp_code(device):
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


@pytest.mark.django_db
def test_a_correct_code_with_a_bad_next_verifies_the_session(web, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=True)
    web.post(reverse("accounts:login"), {"username": coordinator.email, "password": PASSWORD})
    response = web.post(
        reverse("accounts:two_factor") + "?next=opdrachten", {"token": _totp_code(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert web.get(reverse("core:dashboard")).status_code == 200


# --- dates: a bounded field everywhere -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_audit_log_filter_refuses_a_date_out_of_range(web, privacy_officer, value):
    verified_login(web, privacy_officer)
    response = web.get(reverse("core:audit_log"), {"date_to": value})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]


@pytest.fixture
def coordinator_web(web, coordinator):
    return verified_login(web, coordinator)


@pytest.fixture
def permit_kind(db):
    return PermitKindFactory(default_duration_years=5)


@pytest.mark.django_db
@pytest.mark.parametrize("permit_start", ["9999-01-01", "0001-01-01"])
def test_register_refuses_a_permit_start_out_of_range(
    coordinator_web, municipality, permit_kind, permit_start
):
    data = person_data(municipality, permit_kind=permit_kind.pk, permit_start=permit_start)
    response = coordinator_web.post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["permit_start"]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_register_service_refuses_a_permit_end_it_cannot_compute(
    coordinator, municipality, permit_kind
):
    with pytest.raises(DomainError):
        client_services.register_person(
            data={
                "given_names": "Nour",
                "family_name": "El Amrani",
                "municipality": municipality,
                "permit_kind": permit_kind,
                "permit_start": datetime.date(9999, 1, 1),
            },
            actor=coordinator,
        )
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_register_service_refuses_a_term_start_it_cannot_derive_the_end_of(
    coordinator, municipality
):
    with pytest.raises(DomainError):
        client_services.register_person(
            data={
                "given_names": "Nour",
                "family_name": "El Amrani",
                "municipality": municipality,
                "inburgering_term_start": datetime.date(9999, 6, 1),
            },
            actor=coordinator,
        )
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_housing_dates_refuse_a_key_date_out_of_range(coordinator, open_trajectory):  # noqa: F811
    trajectory = open_trajectory("UHHV")
    web = verified_login(Client(raise_request_exception=False), coordinator)
    url = reverse("trajectories:housing_dates", args=[trajectory.public_id])
    response = web.post(url, {"key_date": "9999-12-31"})
    assert response.status_code < 500
    trajectory.refresh_from_db()
    assert trajectory.key_date is None


@pytest.mark.django_db
def test_housing_dates_service_refuses_a_date_it_cannot_compute_deadlines_for(
    coordinator,
    open_trajectory,  # noqa: F811
):
    trajectory = open_trajectory("UHHV")
    with pytest.raises(DomainError):
        trajectory_services.set_housing_dates(
            trajectory=trajectory,
            key_date=datetime.date(9999, 12, 31),
            arrival_date=None,
            actor=coordinator,
        )


@pytest.mark.django_db
def test_outcome_service_refuses_a_count_beyond_its_column(coordinator, open_trajectory):  # noqa: F811
    trajectory = open_trajectory("UHHV")
    with pytest.raises(DomainError):
        plans.save_outcome(
            trajectory=trajectory, values={"housed_persons": 2**63}, actor=coordinator
        )
    assert not TrajectoryOutcome.objects.exists()


# --- numbers and characters the database cannot take --------------------------------------


@pytest.mark.django_db
def test_volunteer_edit_refuses_a_role_number_too_large(coordinator_web, vrijwilliger, coordinator):
    VolunteerRoleFactory(code="coach", name="Coach")
    profile = VolunteerProfileFactory(user=vrijwilliger, begeleider=coordinator)
    url = reverse("volunteers:edit", args=[profile.public_id])
    response = coordinator_web.post(url, {"roles": [HUGE], "max_clients": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors["roles"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/catalogus/%00/", "/catalogus/?q=%00", "/catalogus/?jaar=2019%00"]
)
def test_a_nul_character_in_the_request_is_a_bad_request(coordinator_web, url):
    assert coordinator_web.get(url).status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_posted_value_is_a_bad_request(coordinator_web):
    response = coordinator_web.post(reverse("clients:index"), {"name": "Amina\x00"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_posted_name_or_a_cookie_is_a_bad_request(coordinator_web):
    assert coordinator_web.get("/catalogus/?q%00=x").status_code == 400
    response = coordinator_web.post(reverse("clients:index"), {"name\x00": "Amina"})
    assert response.status_code == 400
    coordinator_web.cookies["theme"] = "dark\x00"
    assert coordinator_web.get("/catalogus/").status_code == 400


# --- the same fields everywhere -------------------------------------------------------------


def _form_classes():
    import importlib
    import pkgutil

    import wegwijs

    for module in pkgutil.walk_packages(wegwijs.__path__, "wegwijs."):
        if "migrations" in module.name or "management" in module.name:
            continue
        importlib.import_module(module.name)
    pending, found = [forms.BaseForm], set()
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("wegwijs."):
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_typed_date_is_a_bounded_date_field_and_every_multiple_choice_checked():
    wrong = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if (isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField))
        or (
            isinstance(field, forms.ModelMultipleChoiceField)
            and not isinstance(field, ModelMultipleChoiceField)
        )
    ]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/clienten/?page=2", "/clienten/?page=2"),
        ("/", "/"),
        ("", None),
        (None, None),
        ("abc", None),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("/a\nb", None),
        ("javascript:alert(1)", None),
    ],
)
def test_next_is_only_a_path_of_this_site(candidate, expected):
    assert safe_next(candidate) == expected
