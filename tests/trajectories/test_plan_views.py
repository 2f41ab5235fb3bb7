"""The plan pages: detail sections, forms per product, sensitive notes, end report PDF."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_login
from tests.trajectories.conftest import pdf_text
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import plans, services
from wegwijs.trajectories.constants import AssignmentRole, EvaluationKind, SensitiveKind
from wegwijs.trajectories.models import (
    ContactMoment,
    Evaluation,
    PlanDomain,
    PlanGoal,
    SensitiveNote,
    Trajectory,
    TrajectoryOutcome,
)
from wegwijs.trajectories.plans import outcome_fields_of

D = datetime.date
SENTINEL = "SENTINEL-VVA-route-via-Libie-7f3a"


def detail_url(trajectory):
    return reverse("trajectories:detail", args=[trajectory.public_id])


def url(name, trajectory, **kwargs):
    return reverse(f"trajectories:{name}", kwargs={"public_id": trajectory.public_id, **kwargs})


def test_phase_block_and_change_from_the_page(client, coordinator, open_trajectory):
    trajectory = open_trajectory("ASIEL:dossier")
    verified_login(client, coordinator)
    body = client.get(detail_url(trajectory)).content.decode()
    assert "Herkennen" in body and 'aria-current="step"' in body
    response = client.post(url("phase", trajectory), {"phase": "doel"}, follow=True)
    assert "De fase is gewijzigd." in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.current_phase == "doel"


def test_product_without_methodology_shows_no_phase_block(client, coordinator, open_trajectory):
    trajectory = open_trajectory("UHHV")
    verified_login(client, coordinator)
    body = client.get(detail_url(trajectory)).content.decode()
    assert 'id="phase-title"' not in body
    assert 'id="plan-title"' in body


def test_volunteer_cannot_change_the_phase(client, coordinator, vrijwilliger, open_trajectory):
    trajectory = open_trajectory("VIP18")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    verified_login(client, vrijwilliger)
    assert client.post(url("phase", trajectory), {"phase": "actie"}).status_code == 403
    assert client.get(detail_url(trajectory)).status_code == 200


def test_goal_form_offers_the_products_domains_and_saves(client, coordinator, open_trajectory):
    trajectory = open_trajectory("VIPJ")
    verified_login(client, coordinator)
    body = client.get(detail_url(trajectory)).content.decode()
    assert "Dagbesteding (opleiding)" in body
    assert "Tijdsbesteding" not in body
    domain = PlanDomain.objects.get(product=trajectory.product, code="dagbesteding")
    response = client.post(
        url("goal_add", trajectory),
        {
            "goal-domain": domain.pk,
            "goal-description": "Start op het mbo",
            "goal-agreed_on": "2019-04-05",
        },
        follow=True,
    )
    assert "Het doel is aan het plan toegevoegd." in response.content.decode()
    goal = PlanGoal.objects.get()
    assert goal.domain == domain
    response = client.post(
        url("goal_result", trajectory, goal_id=goal.pk),
        {"status": "achieved", "result_note": "Ingeschreven"},
        follow=True,
    )
    assert "Het resultaat van het doel is opgeslagen." in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_goal_with_a_domain_of_another_product_is_refused_on_the_page(
    client, coordinator, open_trajectory
):
    trajectory = open_trajectory("VIP18")
    foreign = PlanDomain.objects.get(product__code="VIPJ", code="dagbesteding")
    verified_login(client, coordinator)
    client.post(
        url("goal_add", trajectory),
        {"goal-domain": foreign.pk, "goal-description": "x", "goal-agreed_on": "2019-04-05"},
    )
    assert not PlanGoal.objects.exists()


def test_evaluation_from_the_page(client, coordinator, open_trajectory):
    trajectory = open_trajectory("VI8")
    verified_login(client, coordinator)
    response = client.post(
        url("evaluation_add", trajectory),
        {
            "evaluation-date": "2019-06-01",
            "evaluation-kind": "periodic",
            "evaluation-summary": "Goed op weg",
        },
        follow=True,
    )
    assert "De evaluatie is opgeslagen." in response.content.decode()
    assert "Goed op weg" in response.content.decode()
    response = client.post(
        url("evaluation_add", trajectory),
        {
            # Next year: in the future, yet within the dates a form takes (IO-01).
            "evaluation-date": str(datetime.date.today().year + 1) + "-06-01",
            "evaluation-kind": "periodic",
            "evaluation-summary": "Later",
        },
        follow=True,
    )
    assert "De datum van de evaluatie ligt in de toekomst." in response.content.decode()
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize(
    "line",
    [
        "UHHV",
        "ASIEL:dossier",
        "GH",
        "NEXTSTEP",
        "VIP18",
        "TAALCOACH:12m",
        "ZOW:groep",
        "EUROWIJZER",
    ],
)
def test_outcome_form_shows_exactly_the_products_fields(client, coordinator, open_trajectory, line):
    trajectory = open_trajectory(line)
    verified_login(client, coordinator)
    form = client.get(detail_url(trajectory)).context["outcome_form"]
    expected = outcome_fields_of(trajectory.product)
    if expected:
        assert list(form.fields) == expected
    else:
        assert form is None


def test_outcome_form_saves_and_validates(client, coordinator, open_trajectory):
    trajectory = open_trajectory("GH")
    verified_login(client, coordinator)
    response = client.post(
        url("outcome", trajectory),
        {
            "application_date": "2019-05-01",
            "fund_used": "true",
            "family_outcome": "arrived",
            "persons_reunited": "3",
            # Not a field of this product: ignored.
            "housed_persons": "9",
        },
        follow=True,
    )
    assert "De resultaten zijn opgeslagen." in response.content.decode()
    outcome = TrajectoryOutcome.objects.get()
    assert (outcome.persons_reunited, outcome.fund_used, outcome.housed_persons) == (3, True, None)
    response = client.post(
        url("outcome", trajectory),
        {"family_outcome": "arrived", "persons_reunited": "60", "fund_used": "unknown"},
        follow=True,
    )
    assert "ten hoogste 50 personen" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.persons_reunited == 3


# Sensitive notes


@pytest.fixture
def asylum(open_trajectory, coordinator, vrijwilliger, other_vrijwilliger):
    trajectory = open_trajectory("ASIEL:dossier")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.LEGAL, actor=coordinator
    )
    services.assign_volunteer(
        trajectory=trajectory,
        volunteer=other_vrijwilliger,
        role=AssignmentRole.COACH,
        actor=coordinator,
    )
    services.save_sensitive_note(
        trajectory=trajectory, kind=SensitiveKind.VVA, text=SENTINEL, actor=coordinator
    )
    return trajectory


@pytest.mark.parametrize("persona", ["coordinator", "vrijwilliger"])
def test_readers_see_the_sensitive_notes_and_each_read_is_logged(persona, persona_client, asylum):
    client = persona_client(persona)
    assert url("sensitive", asylum) in client.get(detail_url(asylum)).content.decode()
    response = client.get(url("sensitive", asylum))
    assert response.status_code == 200
    assert SENTINEL in response.content.decode()
    read = AuditEntry.objects.get(action="read", event="sensitive_note")
    assert read.client_id == asylum.person.public_id
    assert read.actor.email == f"{persona}@example.org"


def test_legal_volunteer_writes_the_legal_action_plan(client, vrijwilliger, asylum):
    verified_login(client, vrijwilliger)
    response = client.post(
        url("sensitive", asylum), {"kind": "legal_action_plan", "text": "Plan"}, follow=True
    )
    assert "De notitie is opgeslagen." in response.content.decode()
    assert SensitiveNote.objects.get(kind="legal_action_plan").text == "Plan"


@pytest.mark.parametrize("persona", ["same_team_coordinator", "other_vrijwilliger"])
def test_others_get_404_and_cannot_write(persona, persona_client, asylum):
    client = persona_client(persona)
    detail = client.get(detail_url(asylum))
    assert detail.status_code == 200  # they may see the trajectory, not the notes
    assert url("sensitive", asylum) not in detail.content.decode()
    assert client.get(url("sensitive", asylum)).status_code == 404
    response = client.post(url("sensitive", asylum), {"kind": "vva", "text": "Overschreven"})
    assert response.status_code == 404
    assert SensitiveNote.objects.get(kind="vva").text == SENTINEL
    assert not AuditEntry.objects.filter(event="sensitive_note", action="read").exists()


def test_sensitive_page_does_not_exist_for_products_without_vva(
    client, coordinator, open_trajectory
):
    trajectory = open_trajectory("VIP18")
    verified_login(client, coordinator)
    assert client.get(url("sensitive", trajectory)).status_code == 404
    assert url("sensitive", trajectory) not in client.get(detail_url(trajectory)).content.decode()


def test_sentinel_absent_from_detail_pdf_lists_and_log(client, coordinator, asylum):
    verified_login(client, coordinator)
    client.get(url("sensitive", asylum))
    assert SENTINEL not in client.get(detail_url(asylum)).content.decode()
    assert SENTINEL not in client.get(reverse("trajectories:caseload")).content.decode()
    assert SENTINEL not in pdf_text(client.get(url("end_report", asylum)).content)
    for entry in AuditEntry.objects.all():
        values = " ".join(str(getattr(entry, f.attname)) for f in entry._meta.concrete_fields)
        assert SENTINEL not in values


# End report


def test_end_report_pdf_content_and_print_audit(client, coordinator, open_trajectory):
    trajectory = open_trajectory("GH")
    plans.add_goal(
        trajectory=trajectory,
        description="Aanvraag nareis indienen",
        agreed_on=D(2019, 4, 2),
        actor=coordinator,
    )
    plans.add_evaluation(
        trajectory=trajectory,
        date=D(2019, 8, 1),
        kind=EvaluationKind.FINAL,
        summary="Gezin is overgekomen",
        actor=coordinator,
    )
    plans.save_outcome(
        trajectory=trajectory,
        values={"family_outcome": "arrived", "persons_reunited": 4},
        actor=coordinator,
    )
    services.record_contact(
        trajectory=trajectory,
        date=D(2019, 4, 3),
        duration_minutes=45,
        form="phone",
        note="",
        actor=coordinator,
    )
    services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason="gezin_overgekomen", actor=coordinator
    )
    verified_login(client, coordinator)
    response = client.get(url("end_report", trajectory))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="eindrapportage-')
    text = pdf_text(response.content)
    for expected in (
        "VluchtelingenWerk Oost Nederland",
        "Eindrapportage",
        trajectory.product.name,
        "Sentinel Testpersoon",
        "Arnhem",
        "Aanvraag nareis indienen",
        "Gezin is overgekomen",
        "gezin overgekomen",
        "Herenigde personen",
        "1 contactmoment, in totaal 45 minuten",
        coordinator.full_name,
        "1-9-2019",
    ):
        assert expected in text, expected
    entry = AuditEntry.objects.get(action="print")
    assert entry.client_id == trajectory.person.public_id
    assert entry.object_id == str(trajectory.public_id)


@pytest.mark.parametrize("persona", ["other_coordinator", "vrijwilliger"])
def test_end_report_out_of_scope_is_404(persona, persona_client, open_trajectory):
    trajectory = open_trajectory("VIP18")
    assert persona_client(persona).get(url("end_report", trajectory)).status_code == 404
    assert not AuditEntry.objects.filter(action="print").exists()


def test_state_changes_are_post_only(client, coordinator, open_trajectory):
    trajectory = open_trajectory("VIP18")
    verified_login(client, coordinator)
    for name in ("phase", "goal_add", "evaluation_add", "outcome"):
        assert client.get(url(name, trajectory)).status_code == 405


# Query count


def test_detail_page_query_count_does_not_grow(client, coordinator, open_trajectory):
    trajectory = open_trajectory("VIP18")
    domains = list(PlanDomain.objects.filter(product=trajectory.product))
    verified_login(client, coordinator)
    client.get(detail_url(trajectory))  # the first request stamps the session

    def add(count):
        PlanGoal.objects.bulk_create(
            PlanGoal(
                trajectory=trajectory,
                domain=domains[i % len(domains)],
                description=f"Doel {i}",
                agreed_on=D(2019, 4, 2),
                created_by=coordinator,
            )
            for i in range(count)
        )
        ContactMoment.objects.bulk_create(
            ContactMoment(
                trajectory=trajectory,
                date=D(2019, 4, 2),
                duration_minutes=30,
                form="phone",
                by=coordinator,
            )
            for _ in range(count)
        )
        Evaluation.objects.bulk_create(
            Evaluation(
                trajectory=trajectory,
                date=D(2019, 5, 1),
                kind=EvaluationKind.PERIODIC,
                summary="x",
                by=coordinator,
            )
            for _ in range(count)
        )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(detail_url(trajectory)).status_code == 200
        return len(context)

    add(2)
    small = queries()
    add(98)
    large = queries()
    print(f"detail queries: {small} with 2 goals/contacts/evaluations, {large} with 100")
    assert small == large
    assert Trajectory.objects.count() == 1


@pytest.mark.parametrize("line", ["ASIEL:dossier", "VIP18", "GH"])
def test_detail_page_has_unique_ids_and_labelled_fields(client, coordinator, open_trajectory, line):
    import re

    trajectory = open_trajectory(line)
    verified_login(client, coordinator)
    body = client.get(detail_url(trajectory)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', body):
        if f'for="{field_id}"' not in body:
            assert 'type="hidden"' in re.search(rf'<[^>]*id="{field_id}"[^>]*>', body).group(0)
    headings = [int(h) for h in re.findall(r"<h([1-6])", body)]
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
