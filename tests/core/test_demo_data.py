"""The demo data of `make run`: synthetic, idempotent, never in production (PRIV-05)."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests import reference_snapshot
from wegwijs.accounts.models import Team, User
from wegwijs.catalog.models import PriceList
from wegwijs.clients.factories import valid_bsn
from wegwijs.clients.models import Person
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import Contract
from wegwijs.core.demo import DEMO_BSN_SEED, DEMO_INDEXATION
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories.constants import TrajectoryStatus
from wegwijs.trajectories.models import Trajectory


@pytest.fixture
def reference(db, django_db_blocker):
    reference_snapshot.load_reference_data(django_db_blocker)


def load_demo():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def snapshot():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_second_run_changes_nothing(reference):
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first
    assert first["clients.Person"] >= 10
    assert first["trajectories.Trajectory"] >= 8


def test_demo_data_is_refused_in_production(reference, settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="never loaded in production"):
        load_demo()
    assert Person.objects.count() == 0


def test_the_demo_volunteer_sees_exactly_two_trajectories_and_their_clients(reference):
    load_demo()
    volunteer = User.objects.get(email="vrijwilliger@demo.wegwijs.nl")
    assert Trajectory.objects.visible_to(volunteer).count() == 2
    assert Person.objects.visible_to(volunteer).count() == 2


def test_the_demo_coordinator_sees_every_demo_client(reference):
    load_demo()
    coordinator = User.objects.get(email="coordinator@demo.wegwijs.nl")
    assert Person.objects.visible_to(coordinator).count() == Person.objects.count()
    assert Trajectory.objects.visible_to(coordinator).count() == Trajectory.objects.count()


def test_no_bsn_is_stored_when_bsn_processing_is_off(reference, settings):
    settings.BSN_PROCESSING_ENABLED = False
    load_demo()
    assert not Person.objects.exclude(bsn=None).exists()


def test_bsns_come_only_from_the_demo_range_when_bsn_processing_is_on(reference, settings):
    settings.BSN_PROCESSING_ENABLED = True
    load_demo()
    demo_range = {valid_bsn(DEMO_BSN_SEED + n) for n in range(1, 100)}
    bsns = set(Person.objects.values_list("bsn", flat=True))
    assert bsns and bsns <= demo_range


def test_every_person_lives_in_a_municipality_of_a_demo_team(reference):
    load_demo()
    covered = set(Team.objects.values_list("municipalities__cbs_code", flat=True))
    assert set(Person.objects.values_list("municipality__cbs_code", flat=True)) <= covered


def test_trajectories_run_under_signed_contracts_of_this_year_in_every_state(reference):
    load_demo()
    today = timezone.localdate()
    year = today.year
    price_list = PriceList.objects.get(year=year)
    assert price_list.based_on.year == 2019
    assert price_list.indexation_percentage == DEMO_INDEXATION
    contracts = Contract.objects.filter(year=year, status=ContractStatus.SIGNED)
    assert sorted(contracts.values_list("municipality__cbs_code", flat=True)) == [
        "GM0193",
        "GM0202",
    ]
    trajectories = Trajectory.objects.all()
    assert set(trajectories.values_list("status", flat=True)) == set(TrajectoryStatus.values)
    for trajectory in trajectories:
        assert datetime.date(year, 1, 1) <= trajectory.start_date <= today
        assert trajectory.contract_line.contract.year == year
    assert trajectories.filter(checklist_items__done_on__isnull=False).distinct().count() >= 5
    assert trajectories.filter(contact_moments__isnull=False).distinct().count() >= 5


def test_early_in_january_every_trajectory_starts_in_this_year_by_today(reference):
    second_of_january = datetime.datetime(2027, 1, 2, 10, tzinfo=datetime.UTC)
    with time_machine.travel(second_of_january, tick=False):
        load_demo()
        starts = set(Trajectory.objects.values_list("start_date", flat=True))
    assert starts <= {datetime.date(2027, 1, 1), datetime.date(2027, 1, 2)}
    assert Trajectory.objects.filter(status=TrajectoryStatus.CLOSED).count() == 2


def test_every_change_is_in_the_audit_log(reference):
    load_demo()
    for label in ("clients.person", "trajectories.trajectory", "contracts.contract"):
        assert AuditEntry.objects.filter(object_type=label).exists(), label


def test_volunteers_show_matching_and_screening(reference):
    """A Tigrinya-speaking coach is suggested first for the Eritrean client; one VOG runs out
    within the warning period and one has expired."""
    from wegwijs.volunteers.selectors import match_volunteers, vog_warnings

    load_demo()
    coordinator = User.objects.get(email="coordinator@demo.wegwijs.nl")
    trajectory = Trajectory.objects.get(person__languages__code="ti", product__code="VI8")
    suggestions = match_volunteers(trajectory=trajectory, role="coach")
    assert suggestions[0].profile.user.email == "yonas.vrijwilliger@demo.wegwijs.nl"
    assert "henk.vrijwilliger@demo.wegwijs.nl" not in {s.profile.user.email for s in suggestions}
    warned = {profile.user.email for profile, _until in vog_warnings(coordinator)}
    assert warned == {"amal.vrijwilliger@demo.wegwijs.nl", "henk.vrijwilliger@demo.wegwijs.nl"}


def test_measurements_are_entered_and_one_trajectory_is_completed_with_them(reference):
    from wegwijs.measurements.models import Measurement

    load_demo()
    completed = Trajectory.objects.get(closing_reason="doel_bereikt")
    assert set(completed.measurements.values_list("kind", flat=True)) == {"nul", "eind"}
    assert Measurement.objects.count() == 5


def test_hours_stay_apart_by_capacity_and_supervision_meetings_are_recorded(reference):
    from wegwijs.trajectories.hours import totals_by_capacity
    from wegwijs.volunteers.models import SupervisionMeeting

    load_demo()
    assert totals_by_capacity() == {"volunteer": 240, "professional": 60}
    assert SupervisionMeeting.objects.count() == 2


@pytest.mark.parametrize("today", ["2026-12-04", "2029-06-30"])
def test_no_demo_client_records_a_regime_that_contradicts_the_permit(reference, today):
    """facts.md §5: the 2021 act applies to whoever became obliged from 1 January 2022; the
    demo's dates move with the day it is loaded, so its regimes must follow them."""
    with time_machine.travel(today):
        load_demo()
        warned = [p.public_id for p in Person.objects.all() if p.regime_warning]
    assert warned == []
