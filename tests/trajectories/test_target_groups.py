"""The target groups of the cards, checked from what the client file records, and the contracted
quantity of a line (issue 12, points 12-15)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tests.conftest import verified_login
from wegwijs.clients.constants import AsylumDecision, ReceptionEntitlement
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import PermitKind
from wegwijs.contracts.models import ContractLine
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services
from wegwijs.trajectories.models import Trajectory

D = datetime.date
START = D(2019, 4, 1)


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in the words of the source; the page tests compare through
    gettext, so they hold in Dutch too."""
    with translation.override("en"):
        yield


def permit(code="asiel-bepaalde-tijd"):
    return PermitKind.objects.get(code=code)


def status_holder(arnhem, **facts):
    values = {
        "municipality": arnhem,
        "date_of_birth": D(1995, 1, 1),
        "permit_kind": permit(),
        "permit_start": D(2018, 9, 1),
        "asylum_decision": AsylumDecision.GRANTED,
    }
    values.update(facts)
    return PersonFactory(**values)


@pytest.fixture
def open_for(signed_contract, coordinator):
    """Open a trajectory through the service, with no fixture adapting the client file."""

    def open_(line_key, person, *, actor=None, start=START, **kwargs):
        return services.open_trajectory(
            person=person,
            contract_line=signed_contract[line_key],
            start_date=start,
            responsible=coordinator,
            actor=actor or coordinator,
            **kwargs,
        )

    return open_


# --- 12. the residence permit the client file records ------------------------------------

PERMIT_CARDS = ["VIP18", "VIPJ", "VI8", "GH", "UHHV", "EUROWIJZER", "ZOW:groep"]


@pytest.mark.parametrize("line_key", PERMIT_CARDS)
def test_a_card_for_permit_holders_refuses_a_client_file_without_a_permit(
    open_for, arnhem, line_key
):
    person = status_holder(
        arnhem,
        permit_kind=None,
        permit_start=None,
        former_unaccompanied_minor=True,
        lives_alone=True,
    )
    with pytest.raises(DomainError) as refused:
        open_for(line_key, person)
    assert refused.value.code == "not_eligible"
    assert "the client file records no residence permit" in str(refused.value)
    assert not Trajectory.objects.filter(person=person).exists()
    # With the permit recorded the same opening passes.
    person.permit_kind = permit()
    person.save()
    assert open_for(line_key, person).pk


def test_the_permit_rule_is_data_on_the_product_of_every_card_that_names_it(reference):
    from wegwijs.catalog.models import Product

    asking = {
        product.code
        for product in Product.objects.all()
        if {"rule": "requires_residence_permit", "value": True} in product.eligibility
    }
    assert {
        "VIP18",
        "VIPJ",
        "VI8",
        "GH",
        "UHHV",
        "PVT-SE",
        "PVT-SM",
        "EUROWIJZER",
        "ZOW",
    } <= asking
    assert "NEXTSTEP" not in asking and "ASIEL" not in asking


def test_a_w_document_is_no_residence_permit(open_for, arnhem):
    person = status_holder(arnhem, permit_kind=permit("w-document"))
    with pytest.raises(DomainError, match="records no residence permit"):
        open_for("VIP18", person)


def test_a_permit_expired_by_the_start_date_is_refused(open_for, arnhem):
    person = status_holder(
        arnhem, permit_kind=permit("regulier-bepaalde-tijd"), permit_end=D(2019, 3, 31)
    )
    with pytest.raises(DomainError, match="has expired by the start date"):
        open_for("VIP18", person)
    # A permit of five years from the application runs on through the start date.
    person.permit_kind, person.permit_end = permit(), None
    person.save()
    assert open_for("VIP18", person).pk


def test_a_coordinator_opens_without_a_permit_when_recording_why(open_for, arnhem, coordinator):
    person = status_holder(arnhem, permit_kind=None, permit_start=None)
    with pytest.raises(DomainError) as refused:
        open_for("VIP18", person)
    assert _("A coordinator may open it anyway by recording why") in str(refused.value)

    trajectory = open_for("VIP18", person, override_reason="  Permit expected next week (IND).  ")
    trajectory.refresh_from_db()
    assert trajectory.eligibility_override_reason == "Permit expected next week (IND)."
    assert trajectory.eligibility_override_by == coordinator
    assert trajectory.eligibility_override_at is not None
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE).latest("pk")
    assert entry.object_id == str(trajectory.public_id)
    assert "eligibility_override_reason" in entry.fields
    assert "IND" not in str(entry.fields)


def test_the_trajectory_page_shows_the_reason_to_its_managers_only(
    client, open_for, arnhem, coordinator, vrijwilliger
):
    from wegwijs.trajectories.constants import AssignmentRole

    person = status_holder(arnhem, permit_kind=None)
    trajectory = open_for("VIP18", person, override_reason="Permit expected (IND letter)")
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    url = reverse("trajectories:detail", args=[trajectory.public_id])
    verified_login(client, coordinator)
    assert "Permit expected (IND letter)" in client.get(url).content.decode()
    client.logout()
    verified_login(client, vrijwilliger)
    response = client.get(url)
    assert response.status_code == 200
    assert "Permit expected (IND letter)" not in response.content.decode()


def test_a_reason_is_not_kept_when_the_permit_is_recorded(open_for, arnhem):
    trajectory = open_for("VIP18", status_holder(arnhem), override_reason="Just in case")
    assert trajectory.eligibility_override_reason == ""
    assert trajectory.eligibility_override_by is None


def test_only_a_coordinator_sets_the_permit_rule_aside(open_for, arnhem, beheerder):
    person = status_holder(arnhem, permit_kind=None)
    with pytest.raises(DomainError, match="records no residence permit"):
        open_for("VIP18", person, actor=beheerder, override_reason="Permit expected")
    assert not Trajectory.objects.filter(person=person).exists()


def test_a_recorded_reason_sets_aside_the_permit_rule_and_no_other(open_for, arnhem):
    person = status_holder(arnhem, permit_kind=None)  # not recorded as ex-AMV either
    with pytest.raises(DomainError) as refused:
        open_for("VIPJ", person, override_reason="Permit expected")
    assert "former unaccompanied minors" in str(refused.value)
    assert not Trajectory.objects.filter(person=person).exists()


# --- 13. Next Step and Ondersteuning Asielprocedure ----------------------------------------


def rejected(arnhem, **facts):
    values = {
        "permit_kind": None,
        "permit_start": None,
        "asylum_decision": AsylumDecision.FINALLY_REJECTED,
        "reception_entitlement": ReceptionEntitlement.NO,
    }
    values.update(facts)
    return status_holder(arnhem, **values)


def test_next_step_opens_for_a_final_rejection_without_reception(open_for, arnhem):
    assert open_for("NEXTSTEP", rejected(arnhem)).pk


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("", "does not record where the asylum request stands"),
        (AsylumDecision.PENDING, "records: "),
        (AsylumDecision.GRANTED, "records: "),
    ],
)
def test_next_step_needs_the_final_rejection_recorded(open_for, arnhem, decision, message):
    person = rejected(arnhem, asylum_decision=decision)
    with pytest.raises(DomainError, match=message):
        open_for("NEXTSTEP", person)
    assert not Trajectory.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("entitlement", "message"),
    [
        (ReceptionEntitlement.UNKNOWN, "does not record whether this client has one"),
        (ReceptionEntitlement.YES, "records such a right"),
    ],
)
def test_next_step_needs_no_right_to_reception_recorded(open_for, arnhem, entitlement, message):
    with pytest.raises(DomainError, match=message):
        open_for("NEXTSTEP", rejected(arnhem, reception_entitlement=entitlement))


def test_next_step_is_refused_for_an_asylum_permit_holder(open_for, arnhem):
    holder = rejected(arnhem, permit_kind=permit(), permit_start=D(2018, 9, 1))
    with pytest.raises(DomainError, match="not for holders of an asylum permit"):
        open_for("NEXTSTEP", holder)
    # A regular permit is no asylum permit.
    holder.permit_kind = permit("regulier-bepaalde-tijd")
    holder.save()
    assert open_for("NEXTSTEP", holder).pk


def test_asylum_procedure_support_needs_no_final_decision_yet(open_for, arnhem):
    waiting = status_holder(
        arnhem, permit_kind=permit("w-document"), asylum_decision=AsylumDecision.PENDING
    )
    assert open_for("ASIEL:dossier", waiting).pk
    for decision in ("", AsylumDecision.GRANTED, AsylumDecision.FINALLY_REJECTED):
        decided = status_holder(arnhem, asylum_decision=decision)
        wanted = str(_("no final decision on the asylum request yet"))
        with pytest.raises(DomainError, match=wanted):
            open_for("ASIEL:dossier", decided)


# --- 14. VIP Jongeren: ex-AMV, living alone, 18+ -----------------------------------------


def test_vip_jongeren_needs_a_former_unaccompanied_minor_living_alone(open_for, arnhem):
    person = status_holder(arnhem, date_of_birth=D(2000, 1, 1))
    with pytest.raises(DomainError) as refused:
        open_for("VIPJ", person)
    assert "former unaccompanied minors (ex-AMV)" in str(refused.value)
    assert "young people who live alone" in str(refused.value)

    person.former_unaccompanied_minor = True
    person.save()
    with pytest.raises(DomainError, match="live alone"):
        open_for("VIPJ", person)

    person.lives_alone = True
    person.save()
    assert open_for("VIPJ", person).pk


def test_vip_jongeren_still_needs_eighteen_years(open_for, arnhem):
    minor = status_holder(
        arnhem, date_of_birth=D(2001, 6, 1), former_unaccompanied_minor=True, lives_alone=True
    )
    with pytest.raises(DomainError, match="18"):
        open_for("VIPJ", minor, start=D(2019, 5, 31))


def test_the_intake_page_no_longer_lists_the_checked_rules_as_to_verify(
    client, coordinator, arnhem, signed_contract
):
    person = status_holder(arnhem)
    verified_login(client, coordinator)
    body = client.get(reverse("trajectories:create", args=[person.public_id])).content.decode()
    assert _("Check the target group yourself") in body
    assert str(_("former unaccompanied minor")) not in body
    assert str(_("has a residence permit")) not in body


# --- 15. contracted quantities -------------------------------------------------------------


@pytest.fixture
def two_places(signed_contract):
    line = signed_contract["VIP18"]
    ContractLine.objects.filter(pk=line.pk).update(quantity=2)
    return line


def test_a_used_up_line_warns_with_the_count_and_needs_a_confirmation(open_for, arnhem, two_places):
    open_for("VIP18", status_holder(arnhem))
    open_for("VIP18", status_holder(arnhem))
    third = status_holder(arnhem)
    with pytest.raises(DomainError) as refused:
        open_for("VIP18", third)
    assert refused.value.code == "quantity_used_up"
    assert _(
        "The contracted quantity of this line is used up: contracted %(contracted)s, "
        "started %(started)s. Confirm to open one more."
    ) % {"contracted": 2, "started": 2} == str(refused.value)
    assert not Trajectory.objects.filter(person=third).exists()

    trajectory = open_for("VIP18", third, beyond_quantity_confirmed=True)
    assert trajectory.beyond_contracted_quantity
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE).latest("pk")
    assert "beyond_contracted_quantity" in entry.fields


def test_closed_trajectories_count_as_started(open_for, arnhem, two_places, coordinator):
    first = open_for("VIP18", status_holder(arnhem))
    services.close_trajectory(
        trajectory=first, end_date=D(2019, 4, 2), reason="verhuisd", actor=coordinator
    )
    open_for("VIP18", status_holder(arnhem))
    with pytest.raises(DomainError, match="started 2"):
        open_for("VIP18", status_holder(arnhem))


def test_the_intake_form_shows_the_warning_and_opens_after_confirmation(
    client, coordinator, arnhem, two_places
):
    for _n in range(2):
        services.open_trajectory(
            person=status_holder(arnhem),
            contract_line=two_places,
            start_date=START,
            responsible=coordinator,
            actor=coordinator,
        )
    person = status_holder(arnhem)
    verified_login(client, coordinator)
    url = reverse("trajectories:create", args=[person.public_id])
    data = {
        "contract_line": two_places.pk,
        "start_date": "2019-04-01",
        "responsible": coordinator.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        _(
            "The contracted quantity of this line is used up: contracted %(contracted)s, "
            "started %(started)s. Confirm to open one more."
        )
        % {"contracted": 2, "started": 2}
        in body
    )
    assert _("Open it although the contracted quantity of the line is used up") in body
    assert not Trajectory.objects.filter(person=person).exists()

    response = client.post(url, {**data, "beyond_quantity_confirmed": "on"})
    assert response.status_code == 302
    assert Trajectory.objects.get(person=person).beyond_contracted_quantity


def test_the_contract_page_shows_started_and_contracted_per_line(
    client, financieel, arnhem, two_places, open_for
):
    open_for("VIP18", status_holder(arnhem))
    open_for("VIP18", status_holder(arnhem))
    verified_login(client, financieel)
    response = client.get(two_places.contract.get_absolute_url())
    body = response.content.decode()
    assert _("Trajectories started per line") in body
    row = body.split(_("Trajectories started per line"))[1].split("</table>")[0]
    assert "VIP 18" in row
    assert f'<td class="number">2 <strong>{_("used up")}</strong></td>' in row
    assert '<td class="number">2</td>' in row  # contracted
