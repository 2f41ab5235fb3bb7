"""Leaving or pausing: assignments end at once, access to client data ends, history stays."""

import datetime

import pytest

from wegwijs.clients.models import Person
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services as trajectory_services
from wegwijs.trajectories.constants import ContactForm
from wegwijs.trajectories.models import Assignment, ContactMoment, Trajectory
from wegwijs.volunteers import services
from wegwijs.volunteers.constants import VolunteerStatus


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def working(screened_volunteer, open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    assignment = Assignment.objects.create(
        trajectory=trajectory,
        volunteer=screened_volunteer.user,
        role="coach",
        created_by=coordinator,
        started_on=datetime.date(2026, 1, 1),
    )
    trajectory_services.record_contact(
        trajectory=trajectory,
        date=datetime.date(2026, 5, 1),
        duration_minutes=30,
        form=ContactForm.PHONE,
        note="",
        actor=screened_volunteer.user,
    )
    return trajectory, assignment


@pytest.mark.django_db
@pytest.mark.parametrize("status", [VolunteerStatus.LEFT, VolunteerStatus.PAUSED])
def test_leaving_ends_assignments_and_access_at_once(
    screened_volunteer, working, coordinator, status
):
    trajectory, assignment = working
    user = screened_volunteer.user
    assert Trajectory.objects.visible_to(user).filter(pk=trajectory.pk).exists()
    ended = services.change_status(profile=screened_volunteer, status=status, actor=coordinator)
    assert ended == [assignment]
    assignment.refresh_from_db()
    assert assignment.ended_on == datetime.date(2026, 6, 1)
    assert not Trajectory.objects.visible_to(user).exists()
    assert not Person.objects.visible_to(user).exists()
    # The past registrations stay attributed to the volunteer.
    assert ContactMoment.objects.get(trajectory=trajectory).by == user
    screened_volunteer.refresh_from_db()
    assert screened_volunteer.status == status
    assert AuditEntry.objects.filter(
        object_id=str(screened_volunteer.public_id), fields=["status"]
    ).exists()
    assert AuditEntry.objects.filter(object_id=str(assignment.pk), fields=["ended_on"]).exists()


@pytest.mark.django_db
def test_activating_ends_nothing(screened_volunteer, working, coordinator):
    _trajectory, assignment = working
    assert (
        services.change_status(
            profile=screened_volunteer, status=VolunteerStatus.ACTIVE, actor=coordinator
        )
        == []
    )
    assignment.refresh_from_db()
    assert assignment.ended_on is None
