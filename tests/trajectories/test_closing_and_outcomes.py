"""Closing as goal reached with open goals asks for a confirmation; an outcome date and the
checklist milestone it stands for agree (issue 13, item 4)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import ngettext

from tests.conftest import verified_login
from tests.measurements.helpers import measure_to_end
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import plans, services
from wegwijs.trajectories.constants import GoalStatus
from wegwijs.trajectories.models import PlanDomain, Trajectory, TrajectoryOutcome

D = datetime.date
END = D(2019, 9, 1)


@pytest.fixture
def trajectory(open_trajectory):
    return open_trajectory("VIP18")


def add_goal(trajectory, actor):
    return plans.add_goal(
        trajectory=trajectory,
        domain=PlanDomain.objects.get(product=trajectory.product, code="huisvesting"),
        description="Zelf de huur betalen",
        agreed_on=D(2019, 4, 10),
        actor=actor,
    )


def close(trajectory, actor, reason, **kwargs):
    return services.close_trajectory(
        trajectory=trajectory, end_date=END, reason=reason, actor=actor, **kwargs
    )


def test_closing_as_goal_reached_with_open_goals_needs_a_confirmation(trajectory, coordinator):
    add_goal(trajectory, coordinator)
    measure_to_end(trajectory, coordinator, END)
    with pytest.raises(DomainError) as refused:
        close(trajectory, coordinator, "doel_bereikt")
    assert refused.value.code == "open_goals"
    trajectory.refresh_from_db()
    assert not trajectory.is_closed
    close(trajectory, coordinator, "doel_bereikt", confirmed_open_goals=True)
    trajectory.refresh_from_db()
    assert trajectory.is_closed and trajectory.closing_reason == "doel_bereikt"


def test_closing_as_goal_reached_needs_no_confirmation_once_no_goal_is_open(
    trajectory, coordinator
):
    goal = add_goal(trajectory, coordinator)
    plans.update_goal_result(goal=goal, status=GoalStatus.PARTLY, result_note="", actor=coordinator)
    measure_to_end(trajectory, coordinator, END)
    assert close(trajectory, coordinator, "doel_bereikt").is_closed


def test_closing_for_another_reason_with_open_goals_needs_no_confirmation(trajectory, coordinator):
    add_goal(trajectory, coordinator)
    assert close(trajectory, coordinator, "verhuisd").is_closed


def test_the_close_page_asks_to_confirm_open_goals(client, trajectory, coordinator):
    add_goal(trajectory, coordinator)
    measure_to_end(trajectory, coordinator, END)
    verified_login(client, coordinator)
    url = reverse("trajectories:close", args=[trajectory.public_id])
    data = {"end_date": "2019-09-01", "reason": "doel_bereikt", "version": trajectory.version}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="confirmed_open_goals"' in body
    message = ngettext(
        "%(count)s goal of the plan is still open. Confirm that the trajectory "
        "closes as goal reached all the same, or record the goal's result first.",
        "%(count)s goals of the plan are still open. Confirm that the trajectory "
        "closes as goal reached all the same, or record the goals' results first.",
        1,
    ) % {"count": 1}
    assert escape(message) in body
    assert not Trajectory.objects.get(pk=trajectory.pk).is_closed
    response = client.post(url, {**data, "confirmed_open_goals": "on"})
    assert response.status_code == 302
    assert Trajectory.objects.get(pk=trajectory.pk).is_closed


# Outcome dates and the checklist milestones that stand for them


def declaration_item(trajectory):
    return trajectory.checklist_items.get(template__code="participatieverklaring")


def signed_on(trajectory):
    outcome = TrajectoryOutcome.objects.filter(trajectory=trajectory).first()
    return outcome.participation_declaration_signed_on if outcome else None


def test_the_milestone_stands_for_the_outcome_date_in_the_data(trajectory):
    assert declaration_item(trajectory).template.outcome_field == (
        "participation_declaration_signed_on"
    )


def test_recording_the_signed_declaration_marks_its_milestone_done(trajectory, coordinator):
    plans.save_outcome(
        trajectory=trajectory,
        values={"participation_declaration_signed_on": D(2019, 6, 3)},
        actor=coordinator,
    )
    item = declaration_item(trajectory)
    assert (item.done_on, item.done_by) == (D(2019, 6, 3), coordinator)
    entry = AuditEntry.objects.filter(object_type="trajectories.trajectory").latest("pk")
    assert "checklist:participatieverklaring" in entry.fields
    plans.save_outcome(
        trajectory=trajectory,
        values={"participation_declaration_signed_on": None},
        actor=coordinator,
    )
    item = declaration_item(trajectory)
    assert (item.done_on, item.done_by) == (None, None)


def test_marking_the_milestone_done_records_the_signed_declaration(trajectory, coordinator):
    services.mark_item_done(
        item=declaration_item(trajectory), done_on=D(2019, 6, 3), actor=coordinator
    )
    assert signed_on(trajectory) == D(2019, 6, 3)
    services.reopen_item(item=declaration_item(trajectory), actor=coordinator)
    assert signed_on(trajectory) is None


def test_a_milestone_date_the_outcome_refuses_is_refused_and_changes_nothing(
    trajectory, coordinator
):
    with pytest.raises(DomainError):
        services.mark_item_done(
            item=declaration_item(trajectory), done_on=D(2019, 3, 1), actor=coordinator
        )
    assert declaration_item(trajectory).done_on is None
    assert signed_on(trajectory) is None


def test_other_milestones_leave_the_outcome_alone(trajectory, coordinator):
    other = trajectory.checklist_items.exclude(template__code="participatieverklaring").first()
    services.mark_item_done(item=other, done_on=D(2019, 6, 3), actor=coordinator)
    assert signed_on(trajectory) is None
