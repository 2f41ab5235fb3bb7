"""The trajectory rules: dates derived from the product, eligibility, lifecycle (issue 4)."""

import datetime

import pytest

from tests.measurements.helpers import measure_to_end
from wegwijs.clients.constants import InburgeringRegime
from wegwijs.clients.factories import PersonFactory
from wegwijs.contracts import services as contract_services
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole, TrajectoryStatus
from wegwijs.trajectories.models import Assignment, ChecklistItem, StatusChange, Trajectory

D = datetime.date


def items(trajectory):
    return {item.template.code: item for item in trajectory.checklist_items.all()}


def test_vip18_inburgering_choice_is_due_two_months_after_settlement(open_trajectory):
    trajectory = open_trajectory("VIP18")
    choice = items(trajectory)["inburgering-keuze"]
    assert choice.due_date == D(2019, 5, 15)
    assert "pip" not in items(trajectory)


def test_vip_jongeren_choice_is_due_one_month_after_settlement(open_trajectory, client_in_arnhem):
    client_in_arnhem.date_of_birth = D(2000, 1, 1)
    client_in_arnhem.save()
    trajectory = open_trajectory("VIPJ")
    assert items(trajectory)["inburgering-keuze"].due_date == D(2019, 4, 15)


def test_under_the_2021_law_the_milestone_is_the_pip(open_trajectory, client_in_arnhem):
    client_in_arnhem.inburgering_regime = InburgeringRegime.WI2021
    client_in_arnhem.save()
    trajectory = open_trajectory("VIP18")
    codes = items(trajectory)
    assert "inburgering-keuze" not in codes
    assert codes["pip"].due_date is None  # no source gives a term for the PIP


def test_a_milestone_without_its_anchor_date_has_no_due_date_yet(open_trajectory, arnhem):
    person = PersonFactory(municipality=arnhem, settled_on=None, arrived_on=None)
    person.inburgering_regime = InburgeringRegime.WI2013
    person.save()
    trajectory = open_trajectory("VI8", person=person)
    assert items(trajectory)["inburgering-keuze"].due_date is None


@pytest.mark.parametrize(
    ("line", "start", "planned_end"),
    [
        ("UHHV", D(2019, 4, 1), D(2019, 5, 16)),  # 1,5 months
        ("NEXTSTEP", D(2019, 4, 1), D(2019, 7, 1)),  # 3 months
        ("VI8", D(2019, 4, 1), D(2019, 12, 1)),  # 8 months
        ("VIP18", D(2019, 4, 1), D(2020, 10, 1)),  # 18 months
        ("TAALCOACH:12m", D(2019, 4, 1), D(2020, 4, 1)),
        ("TAALCOACH:18m", D(2019, 4, 1), D(2020, 10, 1)),
        ("GH", D(2019, 4, 1), D(2020, 1, 1)),  # typically 9 months
        ("ZOW:groep", D(2019, 4, 1), D(2019, 10, 1)),  # 6 months
    ],
)
def test_planned_end_follows_the_product_and_tariff(open_trajectory, line, start, planned_end):
    assert open_trajectory(line, start=start).planned_end_date == planned_end


def test_next_step_is_refused_five_months_after_a_closed_asylum_trajectory(
    open_trajectory, coordinator
):
    asylum = open_trajectory("ASIEL:dossier", start=D(2019, 1, 10))
    services.close_trajectory(
        trajectory=asylum, end_date=D(2019, 2, 1), reason="terugkeer", actor=coordinator
    )
    before = Trajectory.objects.count()
    with pytest.raises(DomainError, match="minder dan 6 maanden"):
        open_trajectory("NEXTSTEP", start=D(2019, 7, 1))
    assert Trajectory.objects.count() == before
    # Seven months later it is allowed.
    assert open_trajectory("NEXTSTEP", start=D(2019, 9, 2)).product.code == "NEXTSTEP"


def test_next_step_is_refused_while_an_asylum_trajectory_runs(open_trajectory):
    open_trajectory("ASIEL:dossier", start=D(2019, 1, 10))
    with pytest.raises(DomainError, match="lopend traject"):
        open_trajectory("NEXTSTEP", start=D(2019, 7, 1))


def test_vip_jongeren_only_for_eighteen_and_over(open_trajectory, arnhem):
    minor = PersonFactory(municipality=arnhem, date_of_birth=D(2001, 6, 1))
    with pytest.raises(DomainError, match="18 jaar of ouder"):
        open_trajectory("VIPJ", person=minor, start=D(2019, 5, 31))
    assert open_trajectory("VIPJ", person=minor, start=D(2019, 6, 1)).pk


def test_trajectory_needs_a_signed_contract_of_the_clients_municipality(
    reference, signed_contract, coordinator, financieel, client_in_arnhem, other_municipality
):
    from wegwijs.organisation.models import Municipality

    zwolle = Municipality.objects.get(cbs_code="GM0193")
    elsewhere = PersonFactory(municipality=zwolle)
    with pytest.raises(DomainError, match="woont in Zwolle"):
        services.open_trajectory(
            person=elsewhere,
            contract_line=signed_contract["VIP18"],
            start_date=D(2019, 4, 1),
            responsible=coordinator,
            actor=coordinator,
        )
    draft = contract_services.create_contract(
        municipality=client_in_arnhem.municipality, year=2019, actor=financieel
    )
    line = contract_services.add_line(
        contract=draft, tariff=signed_contract["VIP18"].tariff, quantity=1, actor=financieel
    )
    with pytest.raises(DomainError, match="niet getekend"):
        services.open_trajectory(
            person=client_in_arnhem,
            contract_line=line,
            start_date=D(2019, 4, 1),
            responsible=coordinator,
            actor=coordinator,
        )
    with pytest.raises(DomainError, match="begint in 2018"):
        services.open_trajectory(
            person=client_in_arnhem,
            contract_line=signed_contract["VIP18"],
            start_date=D(2018, 12, 1),
            responsible=coordinator,
            actor=coordinator,
        )
    assert Trajectory.objects.count() == 0


def test_lifecycle_records_who_and_when(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    services.advance_trajectory(trajectory=trajectory, actor=coordinator)
    services.advance_trajectory(trajectory=trajectory, actor=coordinator)
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.ACTIVE
    with pytest.raises(DomainError):
        services.advance_trajectory(trajectory=trajectory, actor=coordinator)
    measure_to_end(trajectory, coordinator, D(2020, 9, 1))  # closing as completed needs it
    services.close_trajectory(
        trajectory=trajectory, end_date=D(2020, 9, 1), reason="doel_bereikt", actor=coordinator
    )
    statuses = list(
        StatusChange.objects.filter(trajectory=trajectory).values_list("status", "changed_by")
    )
    assert statuses == [
        ("aangemeld", coordinator.pk),
        ("intake", coordinator.pk),
        ("actief", coordinator.pk),
        ("afgesloten", coordinator.pk),
    ]
    assert (
        AuditEntry.objects.filter(
            object_id=str(trajectory.public_id), client_id=trajectory.person.public_id
        ).count()
        == 4
    )


def test_closing_before_the_start_is_refused_and_saves_nothing(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18", start=D(2019, 4, 1))
    with pytest.raises(DomainError, match="ligt voor de startdatum"):
        services.close_trajectory(
            trajectory=trajectory, end_date=D(2019, 3, 31), reason="verhuisd", actor=coordinator
        )
    with pytest.raises(DomainError, match="redenen van afsluiten"):
        services.close_trajectory(
            trajectory=trajectory, end_date=D(2019, 6, 1), reason="terugkeer", actor=coordinator
        )
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.REGISTERED
    assert trajectory.end_date is None


def test_stale_version_is_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    services.advance_trajectory(trajectory=trajectory, actor=coordinator, expected_version=1)
    with pytest.raises(DomainError, match="intussen gewijzigd"):
        services.advance_trajectory(trajectory=trajectory, actor=coordinator, expected_version=1)


def test_closing_ends_the_volunteers_access(open_trajectory, coordinator, vrijwilliger):
    from wegwijs.clients.models import Person

    trajectory = open_trajectory("VIP18")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    assert list(Person.objects.visible_to(vrijwilliger)) == [trajectory.person]
    assert list(Trajectory.objects.visible_to(vrijwilliger)) == [trajectory]
    services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason="verhuisd", actor=coordinator
    )
    assert not Person.objects.visible_to(vrijwilliger).exists()
    assert not Trajectory.objects.visible_to(vrijwilliger).exists()
    assert Assignment.objects.get().ended_on is not None


def test_ending_an_assignment_takes_access_away_at_once(open_trajectory, coordinator, vrijwilliger):
    trajectory = open_trajectory("VIP18")
    assignment = services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    services.end_assignment(assignment=assignment, actor=coordinator)
    assert not Trajectory.objects.visible_to(vrijwilliger).exists()


def test_only_volunteers_can_be_assigned(open_trajectory, coordinator, financieel):
    trajectory = open_trajectory("VIP18")
    with pytest.raises(DomainError):
        services.assign_volunteer(
            trajectory=trajectory, volunteer=financieel, role="coach", actor=coordinator
        )


def test_housing_checklist_follows_the_key_date(open_trajectory, coordinator):
    trajectory = open_trajectory("UHHV")
    assert items(trajectory)["huurcontract"].due_date is None
    services.set_housing_dates(
        trajectory=trajectory, key_date=D(2019, 5, 1), arrival_date=None, actor=coordinator
    )
    codes = items(trajectory)
    assert codes["huurcontract"].due_date == D(2019, 5, 1)
    assert codes["woningaanbod"].due_date == D(2019, 4, 17)
    assert "woning-gereed" not in codes


def test_resettled_refugees_need_the_home_ready_before_arrival(open_trajectory, coordinator):
    trajectory = open_trajectory("UHHV", resettled=True)
    services.set_housing_dates(
        trajectory=trajectory, key_date=None, arrival_date=D(2019, 6, 10), actor=coordinator
    )
    codes = items(trajectory)
    assert codes["woning-gereed"].due_date == D(2019, 6, 9)
    assert "intake-azc" not in codes


def test_checklist_item_done_and_undone(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    item = items(trajectory)["brede-intake"]
    services.mark_item_done(item=item, done_on=D(2019, 4, 20), actor=coordinator)
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (D(2019, 4, 20), coordinator)
    with pytest.raises(DomainError):
        services.mark_item_done(item=item, done_on=D(2099, 1, 1), actor=coordinator)
    services.reopen_item(item=item, actor=coordinator)
    assert ChecklistItem.objects.get(pk=item.pk).done_on is None


def test_contact_moment_rules(open_trajectory, vrijwilliger, coordinator):
    trajectory = open_trajectory("VIP18", start=D(2019, 4, 1))
    moment = services.record_contact(
        trajectory=trajectory,
        date=D(2019, 4, 2),
        duration_minutes=45,
        form="home_visit",
        note="Post doorgenomen",
        actor=vrijwilliger,
    )
    assert moment.by == vrijwilliger
    for date, minutes in [(D(2019, 3, 31), 30), (D(2099, 1, 1), 30)]:
        with pytest.raises(DomainError):
            services.record_contact(
                trajectory=trajectory,
                date=date,
                duration_minutes=minutes,
                form="phone",
                note="",
                actor=coordinator,
            )
    assert trajectory.contact_moments.count() == 1


def test_a_volunteer_without_a_valid_vog_is_not_assigned(open_trajectory, coordinator, team):
    from wegwijs.accounts.factories import UserFactory
    from wegwijs.volunteers.factories import VolunteerProfileFactory

    trajectory = open_trajectory("VIP18")
    expired = UserFactory(vrijwilliger=True, teams=[team])
    VolunteerProfileFactory(user=expired, vog_issued_on=D(2020, 1, 1))
    unscreened = UserFactory(vrijwilliger=True, teams=[team])
    for volunteer in (expired, unscreened):
        with pytest.raises(DomainError, match="VOG|profiel"):
            services.assign_volunteer(
                trajectory=trajectory, volunteer=volunteer, role="coach", actor=coordinator
            )
    assert not Assignment.objects.exists()
