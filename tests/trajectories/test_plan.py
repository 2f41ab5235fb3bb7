"""Working method, trajectory plan, evaluations and outcomes: the service rules (issue 3, 6)."""

import datetime

import pytest
from django.core.management import call_command

from tests.measurements.helpers import measure_to_end
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import plans, services
from wegwijs.trajectories.constants import EvaluationKind, GoalStatus, IndOutcome, Outflow
from wegwijs.trajectories.models import (
    Evaluation,
    PhaseChange,
    PlanDomain,
    PlanGoal,
    ProductOutcomeFields,
    TrajectoryOutcome,
)
from wegwijs.trajectories.phases import phases_of

D = datetime.date


def close(trajectory, actor, reason=None):
    reason = reason or trajectory.product.closing_reasons[0]["code"]
    measure_to_end(trajectory, actor, D(2019, 9, 1))  # closing as completed needs it
    return services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason=reason, actor=actor
    )


# Phases


def test_hadae_trajectory_starts_in_the_first_phase_and_moves(open_trajectory, coordinator):
    trajectory = open_trajectory("ASIEL:dossier")
    assert [p.code for p in phases_of(trajectory.product)][0] == trajectory.current_phase
    trajectory = services.set_phase(trajectory=trajectory, phase="analyse", actor=coordinator)
    trajectory.refresh_from_db()
    assert trajectory.current_phase == "analyse"
    change = PhaseChange.objects.get(trajectory=trajectory)
    assert (change.phase, change.changed_by) == ("analyse", coordinator)
    entry = (
        AuditEntry.objects.filter(action="update", object_id=str(trajectory.public_id))
        .order_by("id")
        .last()
    )
    assert entry.fields == ["current_phase"]
    # The cycle may go back.
    services.set_phase(trajectory=trajectory, phase="herkennen", actor=coordinator)
    assert PhaseChange.objects.count() == 2


def test_phase_of_another_methodology_is_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")  # CODAE
    with pytest.raises(DomainError, match="werkwijze"):
        services.set_phase(trajectory=trajectory, phase="analyse", actor=coordinator)
    trajectory.refresh_from_db()
    assert trajectory.current_phase == "contact"
    assert not PhaseChange.objects.exists()


def test_product_without_methodology_has_no_phases(open_trajectory, coordinator):
    trajectory = open_trajectory("UHHV")
    assert trajectory.current_phase == ""
    with pytest.raises(DomainError):
        services.set_phase(trajectory=trajectory, phase="contact", actor=coordinator)


def test_closed_trajectory_keeps_its_phase(open_trajectory, coordinator):
    trajectory = close(open_trajectory("VIP18"), coordinator)
    with pytest.raises(DomainError, match="afgesloten"):
        services.set_phase(trajectory=trajectory, phase="actie", actor=coordinator)


# Plan


def test_plan_domains_come_from_the_fixture(reference):
    def codes(product):
        return list(PlanDomain.objects.filter(product__code=product).values_list("code", flat=True))

    six = [
        "huisvesting",
        "financien",
        "sociaal-netwerk",
        "tijdsbesteding",
        "werk-en-opleiding",
        "maatschappelijke-participatie",
    ]
    assert codes("VIP18") == six
    assert codes("VI8") == six
    assert codes("VIPJ") == [
        "huisvesting",
        "financien",
        "dagbesteding",
        "sociaal-netwerk",
        "maatschappelijke-participatie",
    ]
    assert codes("EUROWIJZER") == ["financien"]
    assert codes("ASIEL") == []


def test_loading_the_plans_twice_changes_nothing(reference):
    before = (PlanDomain.objects.count(), ProductOutcomeFields.objects.count())
    call_command("load_reference_data", verbosity=0)
    assert (PlanDomain.objects.count(), ProductOutcomeFields.objects.count()) == before


def test_goal_in_a_domain_of_the_product(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    domain = PlanDomain.objects.get(product=trajectory.product, code="huisvesting")
    goal = plans.add_goal(
        trajectory=trajectory,
        domain=domain,
        description="Zelf de huur betalen",
        agreed_on=D(2019, 4, 10),
        actor=coordinator,
    )
    assert goal.status == GoalStatus.OPEN
    entry = AuditEntry.objects.get(action="create", object_type="trajectories.plangoal")
    assert entry.client_id == trajectory.person.public_id
    assert "huur" not in str(entry.fields)


def test_goal_in_a_domain_of_another_product_is_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    foreign = PlanDomain.objects.get(product__code="VIPJ", code="dagbesteding")
    with pytest.raises(DomainError, match="domein"):
        plans.add_goal(
            trajectory=trajectory,
            domain=foreign,
            description="Doel",
            agreed_on=D(2019, 4, 10),
            actor=coordinator,
        )
    with pytest.raises(DomainError, match="domein"):
        plans.add_goal(
            trajectory=trajectory, description="Doel", agreed_on=D(2019, 4, 10), actor=coordinator
        )
    assert not PlanGoal.objects.exists()


def test_goal_without_domain_for_a_product_without_domains(open_trajectory, coordinator):
    trajectory = open_trajectory("GH")
    goal = plans.add_goal(
        trajectory=trajectory,
        description="Aanvraag nareis",
        agreed_on=D(2019, 4, 2),
        actor=coordinator,
    )
    assert goal.domain is None


@pytest.mark.parametrize("agreed_on", [D(2019, 3, 31), D(2099, 1, 1)])
def test_goal_date_between_start_and_today(open_trajectory, coordinator, agreed_on):
    trajectory = open_trajectory("GH")
    with pytest.raises(DomainError):
        plans.add_goal(
            trajectory=trajectory, description="Doel", agreed_on=agreed_on, actor=coordinator
        )


def test_goal_result_is_saved_and_closed_trajectory_refuses(open_trajectory, coordinator):
    trajectory = open_trajectory("GH")
    goal = plans.add_goal(
        trajectory=trajectory, description="Doel", agreed_on=D(2019, 4, 2), actor=coordinator
    )
    plans.update_goal_result(
        goal=goal, status=GoalStatus.PARTLY, result_note="Half gelukt", actor=coordinator
    )
    goal.refresh_from_db()
    assert (goal.status, goal.result_note) == (GoalStatus.PARTLY, "Half gelukt")
    with pytest.raises(DomainError):
        plans.update_goal_result(goal=goal, status="nonsense", result_note="", actor=coordinator)
    close(trajectory, coordinator)
    goal.refresh_from_db()
    with pytest.raises(DomainError, match="afgesloten"):
        plans.update_goal_result(
            goal=goal, status=GoalStatus.ACHIEVED, result_note="", actor=coordinator
        )
    with pytest.raises(DomainError, match="afgesloten"):
        plans.add_goal(
            trajectory=goal.trajectory,
            description="Nog een",
            agreed_on=D(2019, 4, 2),
            actor=coordinator,
        )


# Evaluations


def test_evaluations_periodic_and_one_final(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    plans.add_evaluation(
        trajectory=trajectory,
        date=D(2019, 7, 1),
        kind=EvaluationKind.PERIODIC,
        summary="Tussenevaluatie",
        actor=coordinator,
    )
    plans.add_evaluation(
        trajectory=trajectory,
        date=D(2019, 8, 1),
        kind=EvaluationKind.PERIODIC,
        summary="Nog een",
        actor=coordinator,
    )
    plans.add_evaluation(
        trajectory=trajectory,
        date=D(2019, 9, 1),
        kind=EvaluationKind.FINAL,
        summary="Eindevaluatie",
        actor=coordinator,
    )
    with pytest.raises(DomainError, match="eindevaluatie"):
        plans.add_evaluation(
            trajectory=trajectory,
            date=D(2019, 9, 2),
            kind=EvaluationKind.FINAL,
            summary="Tweede",
            actor=coordinator,
        )
    assert Evaluation.objects.filter(trajectory=trajectory).count() == 3


@pytest.mark.parametrize(
    ("day", "message"), [(D(2099, 1, 1), "toekomst"), (D(2019, 3, 1), "voor de start")]
)
def test_evaluation_date_rules(open_trajectory, coordinator, day, message):
    trajectory = open_trajectory("VIP18")
    with pytest.raises(DomainError, match=message):
        plans.add_evaluation(
            trajectory=trajectory,
            date=day,
            kind=EvaluationKind.PERIODIC,
            summary="x",
            actor=coordinator,
        )
    assert not Evaluation.objects.exists()


def test_evaluation_summary_is_bounded(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    with pytest.raises(DomainError, match="4000"):
        plans.add_evaluation(
            trajectory=trajectory,
            date=D(2019, 5, 1),
            kind=EvaluationKind.PERIODIC,
            summary="x" * 4001,
            actor=coordinator,
        )
    assert not Evaluation.objects.exists()


# Outcomes


EXPECTED_OUTCOME_FIELDS = {
    "UHHV": ["housed_persons", "housed_units"],
    "ASIEL": ["ind_outcome"],
    "NEXTSTEP": ["ind_outcome"],
    "GH": ["application_date", "fund_used", "family_outcome", "persons_reunited"],
    "TAALCOACH": ["learning_questions", "certificate_issued"],
    "ZOW": ["modules_followed", "outflow"],
    "VIP18": ["inburgering_choice", "participation_declaration_signed_on"],
    "VIPJ": ["inburgering_choice", "participation_declaration_signed_on"],
    "VI8": ["inburgering_choice", "participation_declaration_signed_on"],
    "EUROWIJZER": [],
}


@pytest.mark.parametrize(("product", "fields"), EXPECTED_OUTCOME_FIELDS.items())
def test_outcome_fields_per_product_are_data(reference, product, fields):
    from wegwijs.catalog.models import Product

    assert plans.outcome_fields_of(Product.objects.get(code=product)) == fields


def test_outcome_follows_the_data_not_the_product_code(open_trajectory, coordinator):
    trajectory = open_trajectory("UHHV")
    settings = ProductOutcomeFields.objects.get(product=trajectory.product)
    settings.fields = ["outflow"]
    settings.save()
    with pytest.raises(DomainError):
        plans.save_outcome(trajectory=trajectory, values={"housed_persons": 3}, actor=coordinator)
    plans.save_outcome(
        trajectory=trajectory, values={"outflow": Outflow.PAID_WORK}, actor=coordinator
    )
    assert TrajectoryOutcome.objects.get().outflow == Outflow.PAID_WORK


def test_outcome_is_created_lazily_and_audited_by_field_name(open_trajectory, coordinator):
    trajectory = open_trajectory("ASIEL:dossier")
    assert not TrajectoryOutcome.objects.exists()
    plans.save_outcome(
        trajectory=trajectory, values={"ind_outcome": IndOutcome.PERMIT}, actor=coordinator
    )
    assert TrajectoryOutcome.objects.get(trajectory=trajectory).ind_outcome == IndOutcome.PERMIT
    entry = AuditEntry.objects.filter(object_id=str(trajectory.public_id)).order_by("id").last()
    assert entry.fields == ["outcome:ind_outcome"]
    assert "verblijfsvergunning" not in str(entry.fields)


@pytest.mark.parametrize(
    ("product", "values", "message"),
    [
        ("UHHV", {"housed_persons": -1}, "negatief"),
        ("GH", {"persons_reunited": 51}, "50"),
        ("GH", {"application_date": D(2099, 1, 1)}, "toekomst"),
        ("VIP18", {"participation_declaration_signed_on": D(2099, 1, 1)}, "toekomst"),
        ("VIP18", {"participation_declaration_signed_on": D(2019, 3, 1)}, "start"),
    ],
)
def test_outcome_validation(open_trajectory, coordinator, product, values, message):
    trajectory = open_trajectory(product)
    with pytest.raises(DomainError, match=message):
        plans.save_outcome(trajectory=trajectory, values=values, actor=coordinator)
    assert not TrajectoryOutcome.objects.exists()


def test_outcome_can_be_recorded_after_closing(open_trajectory, coordinator):
    trajectory = close(open_trajectory("GH"), coordinator)
    plans.save_outcome(
        trajectory=trajectory,
        values={"family_outcome": "arrived", "persons_reunited": 4, "fund_used": True},
        actor=coordinator,
    )
    outcome = TrajectoryOutcome.objects.get()
    assert (outcome.family_outcome, outcome.persons_reunited, outcome.fund_used) == (
        "arrived",
        4,
        True,
    )


def test_outcome_field_settings_refuse_unknown_names(reference):
    from django.core.exceptions import ValidationError

    settings = ProductOutcomeFields.objects.get(product__code="GH")
    settings.fields = ["persons_reunited", "bsn"]
    with pytest.raises(ValidationError):
        settings.full_clean()
    settings.fields = ["persons_reunited"]
    settings.full_clean()
