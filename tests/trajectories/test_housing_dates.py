"""Housing (UH-HV): the client moves in on or after the key handover, never before it
(issue 13, item 4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.conftest import verified_login
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services

D = datetime.date
ARRIVAL_BEFORE_KEYS = "The move-in date lies before the key handover."


@pytest.fixture
def housing(open_trajectory):
    return open_trajectory("UHHV")


def housing_updates(trajectory):
    return AuditEntry.objects.filter(
        action=AuditAction.UPDATE,
        object_id=str(trajectory.public_id),
        fields=["key_date", "arrival_date"],
    )


def test_a_move_in_date_before_the_key_handover_is_refused_and_nothing_changes(
    housing, coordinator
):
    version = housing.version
    with pytest.raises(DomainError) as error:
        services.set_housing_dates(
            trajectory=housing,
            key_date=D(2019, 5, 10),
            arrival_date=D(2019, 5, 9),
            actor=coordinator,
        )
    assert str(error.value) == _(ARRIVAL_BEFORE_KEYS)
    housing.refresh_from_db()
    assert (housing.key_date, housing.arrival_date, housing.version) == (None, None, version)
    assert not housing_updates(housing).exists()


@pytest.mark.parametrize(
    ("key_date", "arrival_date"),
    [(D(2019, 5, 10), D(2019, 5, 10)), (D(2019, 5, 10), D(2019, 5, 11)), (None, D(2019, 5, 1))],
)
def test_a_move_in_date_on_or_after_the_key_handover_is_saved(
    key_date, arrival_date, housing, coordinator
):
    services.set_housing_dates(
        trajectory=housing, key_date=key_date, arrival_date=arrival_date, actor=coordinator
    )
    housing.refresh_from_db()
    assert (housing.key_date, housing.arrival_date) == (key_date, arrival_date)


def test_the_trajectory_model_holds_the_move_in_after_the_key_handover(housing):
    housing.key_date, housing.arrival_date = D(2019, 5, 10), D(2019, 5, 1)
    with pytest.raises(ValidationError) as error:
        housing.clean()
    assert error.value.message_dict == {"arrival_date": [_(ARRIVAL_BEFORE_KEYS)]}


def test_the_housing_form_shows_the_refusal(client, coordinator, housing):
    verified_login(client, coordinator)
    url = reverse("trajectories:housing_dates", args=[housing.public_id])
    response = client.post(
        url, {"key_date": "2019-05-10", "arrival_date": "2019-05-01"}, follow=True
    )
    assert _(ARRIVAL_BEFORE_KEYS) in [str(m) for m in response.context["messages"]]
    housing.refresh_from_db()
    assert housing.key_date is None
