import datetime

import pytest
import time_machine
from django.utils import translation

from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.volunteers import services
from wegwijs.volunteers.constants import VolunteerStatus
from wegwijs.volunteers.factories import VolunteerProfileFactory
from wegwijs.volunteers.selectors import vog_warnings

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english():
    """The messages are asserted in their English source; Dutch is checked separately."""
    with translation.override("en"):
        yield


def test_vog_valid_for_three_years_by_default():
    assert services.vog_valid_until(datetime.date(2023, 6, 1)) == datetime.date(2026, 5, 31)
    assert services.vog_valid_until(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 27)
    assert services.vog_valid_until(None) is None


def test_vog_validity_is_configurable(settings):
    settings.VOG_VALIDITY_YEARS = 5
    assert services.vog_valid_until(datetime.date(2023, 6, 1)) == datetime.date(2028, 5, 31)


@pytest.mark.django_db
def test_screened_active_volunteer_is_assignable():
    profile = VolunteerProfileFactory(vog_issued_on=datetime.date(2024, 1, 1))
    assert services.ensure_assignable(profile.user, on=TODAY) == profile


@pytest.mark.django_db
def test_volunteer_without_profile_is_refused(vrijwilliger):
    with pytest.raises(DomainError, match="no volunteer profile"):
        services.ensure_assignable(vrijwilliger, on=TODAY)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in VolunteerStatus if s != VolunteerStatus.ACTIVE])
def test_volunteer_who_is_not_active_is_refused(status):
    profile = VolunteerProfileFactory(status=status)
    with pytest.raises(DomainError, match="not active"):
        services.ensure_assignable(profile.user, on=TODAY)


@pytest.mark.django_db
def test_volunteer_without_vog_is_refused():
    profile = VolunteerProfileFactory(vog_issued_on=None)
    with pytest.raises(DomainError, match="no certificate of conduct"):
        services.ensure_assignable(profile.user, on=TODAY)


@pytest.mark.django_db
def test_volunteer_with_expired_vog_is_refused_with_the_date():
    profile = VolunteerProfileFactory(vog_issued_on=datetime.date(2023, 5, 31))
    with pytest.raises(DomainError, match="expired") as error:
        services.ensure_assignable(profile.user, on=TODAY)
    assert error.value.code == "volunteer_not_assignable"
    # The last valid day is named (30 May 2026; the format depends on the language).
    assert "30" in str(error.value) and "2026" in str(error.value)
    # The last valid day itself still counts.
    services.ensure_assignable(profile.user, on=datetime.date(2026, 5, 30))


@pytest.mark.django_db
def test_volunteer_without_signed_agreement_is_refused():
    profile = VolunteerProfileFactory(confidentiality_signed_on=None)
    with pytest.raises(DomainError, match="confidentiality agreement"):
        services.ensure_assignable(profile.user, on=TODAY)


@pytest.mark.django_db
def test_dutch_refusal_message(vrijwilliger):
    from django.utils import translation

    with translation.override("nl"), pytest.raises(DomainError) as error:
        services.ensure_assignable(vrijwilliger, on=TODAY)
    assert "vrijwilligersprofiel" in str(error.value)


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_update_screening_is_audited_with_field_names_only(coordinator):
    profile = VolunteerProfileFactory(vog_issued_on=None, confidentiality_signed_on=None)
    services.update_screening(
        profile=profile,
        vog_issued_on=datetime.date(2026, 5, 1),
        confidentiality_signed_on=None,
        actor=coordinator,
    )
    profile.refresh_from_db()
    assert profile.vog_issued_on == datetime.date(2026, 5, 1)
    entry = AuditEntry.objects.get(object_id=str(profile.public_id))
    assert entry.action == AuditAction.UPDATE
    assert entry.fields == ["vog_issued_on"]
    assert entry.actor == coordinator


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_screening_date_in_the_future_is_refused(coordinator):
    profile = VolunteerProfileFactory()
    before = profile.vog_issued_on
    with pytest.raises(DomainError, match="future"):
        services.update_screening(
            profile=profile,
            vog_issued_on=datetime.date(2026, 6, 2),
            confidentiality_signed_on=None,
            actor=coordinator,
        )
    profile.refresh_from_db()
    assert profile.vog_issued_on == before


def _issued_for_last_day(last_valid_day):
    return last_valid_day.replace(year=last_valid_day.year - 3) + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_coordinator_is_warned_60_days_before_the_vog_expires(
    coordinator, other_coordinator, team, other_vrijwilliger
):
    in_60 = VolunteerProfileFactory(
        user__teams=[team], vog_issued_on=_issued_for_last_day(TODAY + datetime.timedelta(60))
    )
    VolunteerProfileFactory(
        user__teams=[team], vog_issued_on=_issued_for_last_day(TODAY + datetime.timedelta(61))
    )
    expired = VolunteerProfileFactory(
        user__teams=[team], vog_issued_on=_issued_for_last_day(TODAY - datetime.timedelta(1))
    )
    VolunteerProfileFactory(
        user__teams=[team],
        status=VolunteerStatus.LEFT,
        vog_issued_on=_issued_for_last_day(TODAY + datetime.timedelta(10)),
    )
    warnings = vog_warnings(coordinator, on=TODAY)
    assert warnings == [
        (expired, TODAY - datetime.timedelta(1)),
        (in_60, TODAY + datetime.timedelta(60)),
    ]
    # Not the volunteers of another team.
    assert vog_warnings(other_coordinator, on=TODAY) == []


@pytest.mark.django_db
def test_vog_warnings_take_a_fixed_number_of_queries(coordinator, team, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            VolunteerProfileFactory(user__teams=[team], vog_issued_on=_issued_for_last_day(TODAY))

    add(2)
    with django_assert_num_queries(1):  # teams as a subquery
        assert len(vog_warnings(coordinator, on=TODAY)) == 2
    add(5)
    with django_assert_num_queries(1):
        assert len(vog_warnings(coordinator, on=TODAY)) == 7
