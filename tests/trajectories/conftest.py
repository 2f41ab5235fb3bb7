import datetime
from decimal import Decimal

import pytest

from tests import reference_snapshot
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.clients.constants import AsylumDecision, InburgeringRegime, ReceptionEntitlement
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import PermitKind
from wegwijs.contracts import services as contract_services
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories import services
from wegwijs.volunteers.factories import VolunteerProfileFactory


@pytest.fixture
def reference(db, django_db_blocker):
    """The real catalogue, municipalities and checklists, as `make run` loads them."""
    reference_snapshot.load_reference_data(django_db_blocker)


@pytest.fixture
def arnhem(reference):
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    # After a fresh load nobody has said whether Arnhem has its basic services; "no" to both,
    # so its contracts can be offered (with the surcharge).
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    return arnhem


def tariff(product_code, tariff_code=None, year=2019):
    tariffs = Tariff.objects.filter(price_list__year=year, product__code=product_code)
    return tariffs.get(code=tariff_code) if tariff_code else tariffs.get()


@pytest.fixture
def signed_contract(arnhem, team, financieel):
    """A signed 2019 contract of Arnhem with a line for every trajectory product."""
    contract = contract_services.create_contract(municipality=arnhem, year=2019, actor=financieel)
    lines = {}
    for code, tariff_code in [
        ("UHHV", None),
        ("ASIEL", "dossier"),
        ("GH", None),
        ("NEXTSTEP", None),
        ("VIP18", None),
        ("VIPJ", None),
        ("VI8", None),
        ("TAALCOACH", "12m"),
        ("TAALCOACH", "18m"),
        ("ZOW", "groep"),
        ("EUROWIJZER", None),
        ("INBURGERING", None),
    ]:
        found = tariff(code, tariff_code)
        line = contract_services.add_line(
            contract=contract,
            tariff=found,
            # Eurowijzer runs in groups of 12 to 15 (contracts.services card limits); the
            # reports open up to 21 VIP 18 trajectories, within the contracted quantity.
            quantity={"EUROWIJZER": 12, "VIP18": 30}.get(code, 10),
            # A tariff "on request" needs an agreed price before signing.
            agreed_price=Decimal("1000.00") if found.on_request else None,
            actor=financieel,
        )
        lines[f"{code}:{tariff_code}" if tariff_code else code] = line
    contract_services.offer_contract(contract=contract, actor=financieel)
    contract_services.sign_contract(contract=contract, actor=financieel)
    assert PriceList.objects.get(year=2019).is_locked
    return lines


@pytest.fixture
def client_in_arnhem(arnhem):
    """A status holder: asylum granted, an asylum permit recorded (the target group of most
    cards asks for one)."""
    return PersonFactory(
        municipality=arnhem,
        given_names="Sentinel",
        family_name="Testpersoon",
        date_of_birth=datetime.date(1990, 6, 1),
        arrived_on=datetime.date(2018, 9, 1),
        settled_on=datetime.date(2019, 3, 15),
        inburgering_regime=InburgeringRegime.WI2013,
        permit_kind=PermitKind.objects.get(code="asiel-bepaalde-tijd"),
        permit_start=datetime.date(2018, 9, 1),
        asylum_decision=AsylumDecision.GRANTED,
    )


# The target-group facts a card asks of the client file (trajectories.eligibility), for the
# tests that open a trajectory to test something else. Tests of eligibility itself call
# services.open_trajectory directly.
FACTS_OF_THE_CARD = {
    "ASIEL": {"asylum_decision": AsylumDecision.PENDING},
    "NEXTSTEP": {
        "asylum_decision": AsylumDecision.FINALLY_REJECTED,
        "reception_entitlement": ReceptionEntitlement.NO,
        "permit_kind": None,
    },
    "VIPJ": {"former_unaccompanied_minor": True, "lives_alone": True},
}


def fit_to_card(person, line_key: str) -> None:
    """Record in ``person``'s file what the card of ``line_key`` asks for: a status holder
    (asylum granted, a residence permit) unless the card says otherwise."""
    facts = FACTS_OF_THE_CARD.get(line_key.split(":")[0])
    if facts is None:
        facts = {"asylum_decision": AsylumDecision.GRANTED}
        if person.permit_kind is None or not person.permit_kind.grants_residence:
            facts["permit_kind"] = PermitKind.objects.get(code="asiel-bepaalde-tijd")
    changed = {name: value for name, value in facts.items() if getattr(person, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(person, name, value)
        type(person).objects.filter(pk=person.pk).update(**changed)


@pytest.fixture
def open_trajectory(signed_contract, client_in_arnhem, coordinator):
    def make(line_key="VIP18", person=None, start=datetime.date(2019, 4, 1), **kwargs):
        person = person or client_in_arnhem
        fit_to_card(person, line_key)
        return services.open_trajectory(
            person=person,
            contract_line=signed_contract[line_key],
            start_date=start,
            responsible=coordinator,
            actor=coordinator,
            **kwargs,
        )

    return make


@pytest.fixture
def same_team_coordinator(team):
    """A coördinator of the same team who is not responsible for the trajectories."""
    from wegwijs.accounts.factories import UserFactory

    return UserFactory(coordinator=True, email="coordinator3@example.org", teams=[team])


def pdf_text(content: bytes) -> str:
    """The text of a PDF with every run of whitespace (line breaks too) made one space."""
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


# Volunteers are assigned only when screened (valid VOG, signed agreement): the volunteer
# personas of these tests are, unless a test says otherwise.
@pytest.fixture
def vrijwilliger(vrijwilliger):
    VolunteerProfileFactory(user=vrijwilliger)
    return vrijwilliger


@pytest.fixture
def other_vrijwilliger(other_vrijwilliger):
    VolunteerProfileFactory(user=other_vrijwilliger)
    return other_vrijwilliger
