"""Every trajectory product run end to end through the services and the end-report page:
open → intake → actief → phase → goal → evaluation → outcome → close → end report (issue 3, 6).
"""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from tests.measurements.helpers import measure_to_end
from tests.trajectories.conftest import pdf_text
from wegwijs.clients.factories import PersonFactory
from wegwijs.trajectories import plans, services
from wegwijs.trajectories.constants import EvaluationKind, GoalStatus, TrajectoryStatus
from wegwijs.trajectories.models import OUTCOME_FIELDS, PlanDomain, TrajectoryOutcome
from wegwijs.trajectories.phases import phases_of

D = datetime.date

# One sample value per outcome field; each product takes the ones its data lists.
SAMPLE_OUTCOMES = {
    "housed_persons": 4,
    "housed_units": 1,
    "ind_outcome": "verblijfsvergunning",
    "application_date": D(2019, 4, 20),
    "fund_used": True,
    "family_outcome": "arrived",
    "persons_reunited": 3,
    "learning_questions": "Brieven lezen",
    "certificate_issued": True,
    "modules_followed": "Sollicitatietraining",
    "outflow": "betaald_werk",
    "inburgering_choice": "Taalschool Arnhem",
    "participation_declaration_signed_on": D(2019, 6, 1),
}
SHOWN = {
    "housed_persons": "4",
    "ind_outcome": "verblijfsvergunning",
    "family_outcome": "gezin overgekomen",
    "learning_questions": "Brieven lezen",
    "modules_followed": "Sollicitatietraining",
    "inburgering_choice": "Taalschool Arnhem",
}

LINES = [
    "UHHV",
    "ASIEL:dossier",
    "GH",
    "NEXTSTEP",
    "VIP18",
    "VIPJ",
    "VI8",
    "TAALCOACH:12m",
    "TAALCOACH:18m",
    "ZOW:groep",
    "EUROWIJZER",
    "INBURGERING",
]


def test_every_trajectory_product_of_the_fixture_is_covered(signed_contract):
    from wegwijs.catalog.models import Product
    from wegwijs.trajectories.services import TRAJECTORY_FORMS

    with_tariff = set(
        Product.objects.filter(
            delivery_form__in=TRAJECTORY_FORMS, tariffs__price_list__year=2019
        ).values_list("code", flat=True)
    )
    covered = {line.split(":")[0] for line in LINES}
    assert with_tariff <= covered, with_tariff - covered
    assert set(SAMPLE_OUTCOMES) == set(OUTCOME_FIELDS)


@pytest.mark.parametrize("line", LINES)
def test_product_runs_from_intake_to_end_report(
    line, client, signed_contract, arnhem, coordinator, open_trajectory
):
    person = PersonFactory(
        municipality=arnhem,
        given_names="Eind",
        family_name="Rapport",
        date_of_birth=D(1998, 1, 1),
        arrived_on=D(2018, 9, 1),
        settled_on=D(2019, 3, 15),
    )
    trajectory = open_trajectory(line, person=person)
    trajectory = services.advance_trajectory(trajectory=trajectory, actor=coordinator)
    trajectory = services.advance_trajectory(trajectory=trajectory, actor=coordinator)
    assert trajectory.status == TrajectoryStatus.ACTIVE

    phases = phases_of(trajectory.product)
    if phases:
        trajectory = services.set_phase(
            trajectory=trajectory, phase=phases[-1].code, actor=coordinator
        )

    domain = PlanDomain.objects.filter(product=trajectory.product).first()
    goal = plans.add_goal(
        trajectory=trajectory,
        domain=domain,
        description="Het doel van het traject",
        agreed_on=D(2019, 4, 10),
        actor=coordinator,
    )
    plans.update_goal_result(
        goal=goal, status=GoalStatus.ACHIEVED, result_note="Gelukt", actor=coordinator
    )
    plans.add_evaluation(
        trajectory=trajectory,
        date=D(2019, 7, 1),
        kind=EvaluationKind.FINAL,
        summary="Eindevaluatie gehouden",
        actor=coordinator,
    )
    fields = plans.outcome_fields_of(trajectory.product)
    if fields:
        plans.save_outcome(
            trajectory=trajectory,
            values={name: SAMPLE_OUTCOMES[name] for name in fields},
            actor=coordinator,
        )
        outcome = TrajectoryOutcome.objects.get(trajectory=trajectory)
        assert all(getattr(outcome, name) == SAMPLE_OUTCOMES[name] for name in fields)

    reasons = trajectory.product.closing_reasons
    assert reasons, "a product delivered as a trajectory needs closing reasons"
    measure_to_end(trajectory, coordinator, D(2019, 9, 1))  # closing as completed needs it
    services.close_trajectory(
        trajectory=trajectory,
        end_date=D(2019, 9, 1),
        reason=reasons[0]["code"],
        actor=coordinator,
    )

    verified_login(client, coordinator)
    response = client.get(reverse("trajectories:end_report", args=[trajectory.public_id]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert trajectory.product.name in text
    assert "Eind Rapport" in text
    assert "Het doel van het traject" in text
    assert "Eindevaluatie gehouden" in text
    if domain:
        assert domain.name in text
    if phases:
        assert f"{phases[-1].name} (huidige)" in text
    for name in fields:
        if name in SHOWN:
            assert SHOWN[name] in text, name
