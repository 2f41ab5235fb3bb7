"""The permit and civic-integration data of a client (issue 12, points 2, 4 and 5): the date
the permit was granted, the integration term derived from its start, and a warning when the
regime contradicts the permit dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.clients.test_pages import edit_data, text_of
from wegwijs.clients import services
from wegwijs.clients.constants import InburgeringRegime
from wegwijs.clients.factories import PersonFactory
from wegwijs.core.errors import DomainError

D = datetime.date
WI2013, WI2021 = InburgeringRegime.WI2013, InburgeringRegime.WI2021


def update(person, actor, **data):
    person.refresh_from_db()
    services.update_person(person=person, data=data, expected_version=person.version, actor=actor)
    person.refresh_from_db()
    return person


# --- the decision date of the permit (point 2) ----------------------------------------------


@pytest.mark.django_db
def test_a_permit_cannot_be_granted_before_it_is_valid_nor_in_the_future(coordinator, person):
    update(person, coordinator, permit_start=D(2018, 6, 1))
    for granted in (D(2018, 5, 31), D(2099, 1, 1)):
        with pytest.raises(DomainError):
            update(person, coordinator, permit_granted_on=granted)
    assert update(person, coordinator, permit_granted_on=D(2019, 1, 15)).permit_granted_on == D(
        2019, 1, 15
    )


@pytest.mark.django_db
def test_the_permit_decision_date_is_entered_and_shown_on_the_client_pages(
    coordinator_client, person
):
    url = reverse("clients:edit", args=[person.public_id])
    assert 'name="permit_granted_on"' in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, edit_data(person, permit_start="2018-06-01", permit_granted_on="2019-01-15")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.permit_granted_on == D(2019, 1, 15)
    assert _("Permit granted on") in text_of(coordinator_client.get(person.get_absolute_url()))


@pytest.mark.django_db
def test_a_changed_key_date_is_announced_once_with_the_changed_fields(coordinator, person):
    from wegwijs.clients.signals import person_key_dates_changed

    heard = []

    def listener(sender, *, person, fields, actor, **kwargs):
        heard.append((person.pk, fields, actor))

    person_key_dates_changed.connect(listener)
    try:
        update(person, coordinator, city="Arnhem")
        update(person, coordinator, settled_on=D(2023, 6, 2), permit_granted_on=D(2023, 1, 10))
    finally:
        person_key_dates_changed.disconnect(listener)
    assert heard == [(person.pk, ["settled_on", "permit_granted_on"], coordinator)]


# --- the integration term (point 4) ---------------------------------------------------------


@pytest.mark.django_db
def test_the_integration_term_ends_three_years_after_its_start(coordinator, municipality):
    person = services.register_person(
        data={
            "given_names": "Nour",
            "family_name": "El Amrani",
            "date_of_birth": D(1995, 4, 12),
            "municipality": municipality,
            "inburgering_regime": WI2021,
            "inburgering_term_start": D(2024, 2, 29),
        },
        actor=coordinator,
    )
    assert person.inburgering_term_end == D(2027, 2, 28)  # no 29 February in 2027

    # A corrected start moves the derived end with it.
    assert update(
        person, coordinator, inburgering_term_start=D(2024, 3, 1)
    ).inburgering_term_end == D(2027, 3, 1)
    # An extension by DUO is kept, also when the start is corrected afterwards.
    update(person, coordinator, inburgering_term_end=D(2027, 9, 1))
    update(person, coordinator, inburgering_term_start=D(2024, 3, 4))
    assert person.inburgering_term_end == D(2027, 9, 1)
    # Emptied, it is derived again.
    assert update(person, coordinator, inburgering_term_end=None).inburgering_term_end == D(
        2027, 3, 4
    )


# --- regime and permit date agree (point 5) -------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "permit_start", "granted", "warned"),
    [
        (WI2013, D(2022, 6, 1), D(2023, 3, 1), True),  # granted in 2023: the 2021 act
        (WI2013, D(2022, 3, 1), None, True),  # valid from 2022, so granted from 2022 on
        (WI2013, D(2021, 10, 1), D(2022, 1, 1), True),
        (WI2013, D(2021, 6, 1), D(2021, 12, 31), False),
        (WI2013, D(2021, 6, 1), None, False),  # perhaps granted in 2021: nothing to say
        (WI2021, D(2021, 6, 1), D(2021, 12, 31), True),  # obliged before 2022: the 2013 act
        (WI2021, D(2021, 6, 1), D(2022, 2, 1), False),
        (WI2021, D(2021, 6, 1), None, False),
        (InburgeringRegime.UNKNOWN, D(2023, 1, 1), D(2023, 3, 1), False),
    ],
)
def test_a_regime_contradicting_the_permit_date_gets_a_warning(
    regime, permit_start, granted, warned
):
    person = PersonFactory.build(
        inburgering_regime=regime, permit_start=permit_start, permit_granted_on=granted
    )
    assert bool(person.regime_warning) is warned


@pytest.mark.django_db
def test_the_client_file_shows_the_regime_warning(coordinator, coordinator_client, person):
    update(
        person,
        coordinator,
        inburgering_regime=WI2013,
        permit_start=D(2022, 6, 1),
        permit_granted_on=D(2023, 3, 1),
    )
    body = text_of(coordinator_client.get(person.get_absolute_url()))
    assert person.regime_warning and person.regime_warning in body
