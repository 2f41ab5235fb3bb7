"""Synthetic demo data for ``manage.py load_demo_data``: a living system for `make run`.

Development only, and synthetic only (PRIV-05): names and addresses come from Faker ``nl_NL``
through the test factories with a fixed seed, so every run on a fresh database gives the same
people. No BSN is stored unless ``settings.BSN_PROCESSING_ENABLED``, and then only numbers made
by ``valid_bsn`` from the demo range ``DEMO_BSN_SEED``.

Everything is written through the services, so the audit log, the checklists and the derived
dates are what the application itself would make. Every row is keyed on a stable identifier
(the price list's year, the contract's note, the person's V-number, the trajectory's person and
product), so a second run finds it and writes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
import factory.random
from django.conf import settings
from django.utils import timezone

from wegwijs.accounts.models import User
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.catalog.services import create_price_list_from
from wegwijs.clients import identifiers
from wegwijs.clients import services as client_services
from wegwijs.clients.constants import (
    WI2021_IN_FORCE,
    AsylumDecision,
    DossierRole,
    Gender,
    HouseholdRelation,
    InburgeringRegime,
    IndReferenceKind,
    ReceptionEntitlement,
)
from wegwijs.clients.factories import PersonFactory, valid_bsn
from wegwijs.clients.models import HouseholdMember, IndDossierMember, Language, PermitKind, Person
from wegwijs.contracts import services as contract_services
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.measurements import services as measurement_services
from wegwijs.measurements.constants import MeasurementKind
from wegwijs.measurements.selectors import product_domains
from wegwijs.organisation.models import Location, Municipality
from wegwijs.trajectories import hours
from wegwijs.trajectories import services as trajectory_services
from wegwijs.trajectories.constants import (
    AssignmentRole,
    ContactForm,
    HoursActivity,
    TrajectoryStatus,
)
from wegwijs.trajectories.models import TimeEntry, Trajectory
from wegwijs.volunteers import services as volunteer_services
from wegwijs.volunteers.constants import LanguageLevel, SupervisionKind, VolunteerStatus
from wegwijs.volunteers.models import (
    Training,
    TrainingKind,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerRole,
)

DEMO_SEED = 2019
# Demo BSNs are valid_bsn(DEMO_BSN_SEED + n): a marked range, never a real person's number.
DEMO_BSN_SEED = 900_000
# Demo V-numbers 9990000001...: the stable key of each demo client.
DEMO_V_NUMBER_BASE = 9_990_000_000
# Demo only: an invented indexation to get a price list for the current year, not an agreed one.
DEMO_INDEXATION = Decimal("20")
SOURCE_YEAR = 2019
CONTRACT_NOTE = "Democontract (synthetische demogegevens, geen echte afspraak)."
CONTRACT_MUNICIPALITIES = ["GM0202", "GM0193"]
# (product code, tariff code or None when the product has one tariff, quantity)
CONTRACT_LINES = [
    ("VIP18", None, 25),
    ("VI8", None, 10),
    ("VIPJ", None, 8),
    ("TAALCOACH", "12m", 15),
    ("UHHV", None, 20),
    ("GH", None, 6),
    ("ASIEL", "dossier", 10),
    ("NEXTSTEP", None, 5),
]


@dataclass(frozen=True)
class ClientSpec:
    """One demo client. Dates are counted back from today, so the demo never ages."""

    key: int
    gender: str
    born: tuple[int, int, int]  # age in years on 1 January, month, day
    municipality: str = "GM0202"
    family_of: int | None = None  # shares the family name of this client
    country: str = "SY"
    languages: tuple[str, ...] = ("ar",)
    interpreter: bool = False
    arrived_days_ago: int | None = 900
    settled_days_ago: int | None = 300
    permit_kind: str | None = "asiel-bepaalde-tijd"
    regime: str = InburgeringRegime.WI2021
    learning_route: str = ""
    # The target-group facts the cards ask of the client file (trajectories.eligibility).
    asylum_decision: str = AsylumDecision.GRANTED
    reception_entitlement: str = ""
    ex_amv: bool = False  # a former unaccompanied minor, living alone


@dataclass(frozen=True)
class TrajectorySpec:
    """One demo trajectory of client ``person``, moved on to ``status`` through the services;
    every date is counted from its start (``days_ago`` before today) and kept in the past."""

    person: int
    product: str
    tariff: str | None
    days_ago: int
    status: str
    household: bool = False
    dossier: bool = False
    done: tuple[tuple[str, int], ...] = ()  # (item code, days after start)
    contacts: tuple[tuple[int, str, int, str], ...] = ()  # (days after start, form, min, note)
    volunteer_role: str = ""
    volunteer_contact: tuple[int, str, int, str] | None = None
    housing: tuple[int, int] | None = None  # key date, arrival date: days after start
    # (kind, days after start, levels in the product's domain order, ladder rung or None)
    measurements: tuple[tuple[str, int, tuple[int, ...], int | None], ...] = ()
    closing: tuple[int, str] | None = None  # (days after start, reason)


FEMALE, MALE = Gender.FEMALE, Gender.MALE
WI2013, WI2021 = InburgeringRegime.WI2013, InburgeringRegime.WI2021

CLIENTS = [
    ClientSpec(1, MALE, (38, 4, 12), settled_days_ago=260),
    ClientSpec(2, FEMALE, (34, 9, 3), family_of=1, settled_days_ago=260, learning_route="b1"),
    ClientSpec(
        3,
        FEMALE,
        (9, 2, 20),
        family_of=1,
        settled_days_ago=260,
        regime=InburgeringRegime.NOT_OBLIGED,
    ),
    ClientSpec(
        4, MALE, (27, 6, 30), country="ER", languages=("ti",), interpreter=True, settled_days_ago=40
    ),
    ClientSpec(
        5,
        FEMALE,
        (20, 1, 15),
        country="AF",
        languages=("prs", "fa"),
        arrived_days_ago=1500,
        settled_days_ago=200,
        regime=WI2013,
        ex_amv=True,
    ),
    ClientSpec(
        6,
        MALE,
        (45, 11, 2),
        country="ER",
        languages=("ti", "am"),
        settled_days_ago=500,
        regime=WI2013,
    ),
    ClientSpec(
        7,
        FEMALE,
        (41, 3, 8),
        family_of=6,
        country="ER",
        languages=("ti",),
        arrived_days_ago=None,
        settled_days_ago=None,
        permit_kind=None,
        regime=InburgeringRegime.UNKNOWN,
        asylum_decision=AsylumDecision.NONE,  # family abroad, awaiting nareis
    ),
    ClientSpec(
        8,
        MALE,
        (31, 7, 19),
        country="IQ",
        languages=("ckb", "ar"),
        interpreter=True,
        arrived_days_ago=120,
        settled_days_ago=None,
        permit_kind="w-document",
        regime=InburgeringRegime.UNKNOWN,
        asylum_decision=AsylumDecision.PENDING,
    ),
    ClientSpec(
        9,
        MALE,
        (29, 10, 5),
        country="DZ",
        languages=("ar", "fr"),
        arrived_days_ago=1400,
        settled_days_ago=None,
        permit_kind=None,
        regime=InburgeringRegime.NOT_OBLIGED,
        asylum_decision=AsylumDecision.FINALLY_REJECTED,
        reception_entitlement=ReceptionEntitlement.NO,
    ),
    ClientSpec(
        10,
        FEMALE,
        (36, 5, 27),
        country="SO",
        languages=("so",),
        interpreter=True,
        arrived_days_ago=400,
        settled_days_ago=30,
    ),
    ClientSpec(
        11,
        MALE,
        (39, 8, 11),
        family_of=10,
        country="SO",
        languages=("so", "en"),
        arrived_days_ago=400,
        settled_days_ago=30,
        learning_route="b1",
    ),
    ClientSpec(
        12,
        FEMALE,
        (52, 12, 1),
        country="TR",
        languages=("tr", "kmr"),
        arrived_days_ago=2000,
        settled_days_ago=1200,
        # Five years after the asylum permit, the permanent one (facts.md §7).
        permit_kind="asiel-onbepaalde-tijd",
        regime=WI2013,
    ),
    ClientSpec(
        13,
        MALE,
        (24, 2, 14),
        municipality="GM0275",
        country="YE",
        languages=("ar",),
        settled_days_ago=60,
        learning_route="b1",
    ),
]
HOUSEHOLDS = [
    (1, 2, HouseholdRelation.PARTNER),
    (1, 3, HouseholdRelation.CHILD),
    (10, 11, HouseholdRelation.PARTNER),
]
DOSSIER_REFERENCE = "DEMO-GH-0001"
DOSSIER_MEMBERS = [(6, DossierRole.REFERENT), (7, DossierRole.FAMILY_ABROAD)]

F2F, PHONE, VISIT = ContactForm.FACE_TO_FACE, ContactForm.PHONE, ContactForm.HOME_VISIT
NUL, EIND = MeasurementKind.NUL, MeasurementKind.EIND
ACTIVE, INTAKE, REGISTERED = (
    TrajectoryStatus.ACTIVE,
    TrajectoryStatus.INTAKE,
    TrajectoryStatus.REGISTERED,
)

TRAJECTORIES = [
    TrajectorySpec(
        1,
        "VIP18",
        None,
        200,
        ACTIVE,
        household=True,
        done=(("brede-intake", 25), ("pip", 40)),
        contacts=(
            (3, F2F, 90, "Kennismaking en brede intake thuis."),
            (30, PHONE, 15, "Afspraak gemeente doorgenomen."),
        ),
        volunteer_role=AssignmentRole.COACH,
        volunteer_contact=(60, VISIT, 60, "Samen post doorgenomen."),
        measurements=((NUL, 20, (2, 1, 2, 2, 1, 2), None),),
    ),
    TrajectorySpec(
        2, "TAALCOACH", "12m", 150, INTAKE, contacts=((7, F2F, 45, "Leervragen besproken."),)
    ),
    TrajectorySpec(4, "VI8", None, 5, REGISTERED),
    TrajectorySpec(
        5,
        "VIPJ",
        None,
        120,
        ACTIVE,
        done=(("brede-intake", 20),),
        contacts=((10, F2F, 60, "Plan van aanpak opgesteld."),),
        measurements=((NUL, 15, (3, 2, 2, 2, 3), 2),),
    ),
    TrajectorySpec(
        6,
        "GH",
        None,
        60,
        INTAKE,
        dossier=True,
        done=(("documenten", 20),),
        contacts=((2, F2F, 60, "Uitleg nareisprocedure."),),
    ),
    TrajectorySpec(
        8,
        "ASIEL",
        "dossier",
        90,
        ACTIVE,
        done=(("voorlichting-intake", 10),),
        contacts=((10, F2F, 90, "Voorlichting over de procedure, met tolk."),),
    ),
    TrajectorySpec(9, "NEXTSTEP", None, 10, REGISTERED),
    TrajectorySpec(
        10,
        "UHHV",
        None,
        45,
        ACTIVE,
        household=True,
        housing=(20, 21),
        done=(("koppeling", 1), ("woningaanbod", 8)),
        contacts=((8, VISIT, 60, "Woning bezichtigd."),),
    ),
    TrajectorySpec(
        11,
        "TAALCOACH",
        "12m",
        100,
        ACTIVE,
        done=(("leervragen", 20),),
        volunteer_role=AssignmentRole.TAALCOACH,
        volunteer_contact=(40, F2F, 60, "Oefenen met afspraken maken."),
    ),
    TrajectorySpec(
        12,
        "VIP18",
        None,
        300,
        ACTIVE,
        done=(("brede-intake", 25), ("inburgering-keuze", 30)),
        contacts=((5, F2F, 60, "Brede intake."),),
        measurements=((NUL, 20, (3, 2, 2, 1, 1, 2), None),),
        closing=(240, "verhuisd"),
    ),
    TrajectorySpec(
        6,
        "VIP18",
        None,
        330,
        ACTIVE,
        done=(("brede-intake", 20),),
        contacts=((4, F2F, 75, "Brede intake met tolk."), (150, VISIT, 60, "Voortgang besproken.")),
        measurements=(
            (NUL, 20, (2, 2, 1, 2, 1, 1), None),
            (EIND, 300, (4, 3, 3, 3, 2, 3), None),
        ),
        closing=(310, "doel_bereikt"),
    ),
]


def _users():
    by_email = {
        user.email: user for user in User.objects.filter(email__endswith="@demo.wegwijs.nl")
    }
    return {
        "beheerder": by_email["beheerder@demo.wegwijs.nl"],
        "coordinator": by_email["coordinator@demo.wegwijs.nl"],
        "vrijwilliger": by_email["vrijwilliger@demo.wegwijs.nl"],
        "financieel": by_email["financieel@demo.wegwijs.nl"],
    }


def _price_list(year: int, actor) -> PriceList:
    existing = PriceList.objects.filter(year=year).first()
    if existing is not None:
        return existing
    return create_price_list_from(
        source=PriceList.objects.get(year=SOURCE_YEAR),
        year=year,
        indexation_percentage=DEMO_INDEXATION,
        actor=actor,
    )


def _tariff(price_list: PriceList, product: str, code: str | None) -> Tariff:
    tariffs = Tariff.objects.filter(price_list=price_list, product__code=product)
    return tariffs.get(code=code) if code else tariffs.get()


def _contract(municipality: Municipality, price_list: PriceList, actor) -> Contract:
    contract = Contract.objects.filter(
        municipality=municipality, year=price_list.year, notes=CONTRACT_NOTE
    ).first()
    if contract is not None:
        return contract
    contract = contract_services.create_contract(
        municipality=municipality, year=price_list.year, actor=actor, notes=CONTRACT_NOTE
    )
    for product, tariff, quantity in CONTRACT_LINES:
        contract_services.add_line(
            contract=contract,
            tariff=_tariff(price_list, product, tariff),
            quantity=quantity,
            actor=actor,
        )
    contract_services.offer_contract(contract=contract, actor=actor)
    contract_services.sign_contract(contract=contract, actor=actor)
    return contract


def _born(today: datetime.date, born: tuple[int, int, int]) -> datetime.date:
    age, month, day = born
    return datetime.date(today.year - age, month, day)


def _days_ago(today: datetime.date, days: int | None) -> datetime.date | None:
    return None if days is None else today - datetime.timedelta(days=days)


def _client_values(specs: list[ClientSpec], today: datetime.date) -> dict[int, dict]:
    """The register_person data of every demo client, the same on every run (fixed seed)."""
    municipalities = Municipality.objects.in_bulk(
        {spec.municipality for spec in specs}, field_name="cbs_code"
    )
    permit_kinds = PermitKind.objects.in_bulk(field_name="code")
    languages = Language.objects.in_bulk(field_name="code")
    values: dict[int, dict] = {}
    with factory.Faker.override_default_locale("nl_NL"):
        factory.random.reseed_random(DEMO_SEED)
        for spec in specs:
            family = values[spec.family_of]["family_name"] if spec.family_of else None
            municipality = municipalities[spec.municipality]
            first_name = "first_name_female" if spec.gender == FEMALE else "first_name_male"
            built = PersonFactory.build(
                given_names=factory.Faker(first_name),
                family_name=family or factory.Faker("last_name"),
                street_address=factory.Faker("street_address"),
                postcode=factory.Faker("postcode"),
                municipality=municipality,
            )
            arrived = _days_ago(today, spec.arrived_days_ago)
            permit_kind = permit_kinds.get(spec.permit_kind) if spec.permit_kind else None
            permit_start = None
            if permit_kind is not None:
                # An asylum permit some months after arrival; a W-document on arrival.
                waited = 150 if permit_kind.default_duration_years else 0
                permit_start = arrived + datetime.timedelta(days=waited)
            regime = spec.regime
            if regime in (WI2013, WI2021) and permit_start is not None:
                # The demo's dates move with today, so the act that applies follows the permit
                # (facts.md §5: the 2021 act for whoever became obliged from 2022 on).
                regime = WI2013 if permit_start < WI2021_IN_FORCE else WI2021
            postcode = built.postcode.upper().replace(" ", "")
            address = {"street_address": "", "postcode": "", "city": ""}
            if spec.settled_days_ago is None:
                pass  # not (yet) living in a home of their own: no address
            elif spec.family_of:
                address = {k: values[spec.family_of][k] for k in address}
            else:
                address = {
                    "street_address": built.street_address,
                    "postcode": f"{postcode[:4]} {postcode[4:]}",
                    "city": municipality.name,
                }
            data = {
                "given_names": built.given_names,
                "family_name": built.family_name,
                "date_of_birth": _born(today, spec.born),
                "gender": spec.gender,
                "nationality": spec.country,
                "country_of_origin": spec.country,
                "languages": [languages[code] for code in spec.languages],
                "interpreter_needed": spec.interpreter,
                "interpreter_language": languages[spec.languages[0]] if spec.interpreter else None,
                **address,
                "municipality": municipality,
                "arrived_on": arrived,
                "settled_on": _days_ago(today, spec.settled_days_ago),
                "permit_kind": permit_kind,
                "permit_start": permit_start,
                "inburgering_regime": regime,
                "learning_route": spec.learning_route if regime == WI2021 else "",
                "asylum_decision": spec.asylum_decision,
                "reception_entitlement": spec.reception_entitlement,
                "former_unaccompanied_minor": spec.ex_amv,
                "lives_alone": spec.ex_amv,
                "v_number": str(DEMO_V_NUMBER_BASE + spec.key),
            }
            if settings.BSN_PROCESSING_ENABLED:
                data["bsn"] = valid_bsn(DEMO_BSN_SEED + spec.key)
            values[spec.key] = data
    return values


def _clients(today: datetime.date, actor) -> tuple[dict[int, Person], int]:
    values = _client_values(CLIENTS, today)
    persons, created = {}, 0
    for spec in CLIENTS:
        data = values[spec.key]
        person = Person.objects.filter(**identifiers.v_number_lookup(data["v_number"])).first()
        if person is None:
            person = client_services.register_person(
                data=data, actor=actor, confirmed_not_duplicate=True
            )
            created += 1
        persons[spec.key] = person
    for head, member, relation in HOUSEHOLDS:
        if not HouseholdMember.objects.filter(person=persons[member]).exists():
            client_services.add_household_member(
                of=persons[head], person=persons[member], relation=relation, actor=actor
            )
    for key, role in DOSSIER_MEMBERS:
        if not IndDossierMember.objects.filter(
            dossier__reference=DOSSIER_REFERENCE, person=persons[key]
        ).exists():
            client_services.link_to_dossier(
                person=persons[key],
                reference=DOSSIER_REFERENCE,
                kind=IndReferenceKind.ZAAKNUMMER,
                role=role,
                actor=actor,
            )
    return persons, created


def _after(start: datetime.date, days: int, today: datetime.date) -> datetime.date:
    """``days`` after ``start``, but never after today (the services refuse the future)."""
    return min(start + datetime.timedelta(days=days), today)


def _trajectory(spec: TrajectorySpec, *, person, line, today, users) -> Trajectory:
    coordinator, volunteer = users["coordinator"], users["vrijwilliger"]
    # In the current year and not in the future: early in January every start is today.
    start = max(today - datetime.timedelta(days=spec.days_ago), datetime.date(today.year, 1, 1))
    membership = HouseholdMember.objects.filter(person=person).first()
    trajectory = trajectory_services.open_trajectory(
        person=person,
        contract_line=line,
        start_date=start,
        responsible=coordinator,
        actor=coordinator,
        household=membership.household if spec.household and membership else None,
        ind_dossier=person.dossier_memberships.get().dossier if spec.dossier else None,
    )
    steps = {REGISTERED: 0, INTAKE: 1, ACTIVE: 2}[spec.status]
    for _ in range(steps):
        trajectory = trajectory_services.advance_trajectory(
            trajectory=trajectory, actor=coordinator
        )
    if spec.housing:
        key_days, arrival_days = spec.housing
        trajectory = trajectory_services.set_housing_dates(
            trajectory=trajectory,
            key_date=start + datetime.timedelta(days=key_days),
            arrival_date=start + datetime.timedelta(days=arrival_days),
            actor=coordinator,
        )
    for code, days in spec.done:
        # Some items exist under one civic-integration act only, and the act follows the
        # permit date, which moves with today: an item the client does not have is skipped.
        item = trajectory.checklist_items.filter(template__code=code).first()
        if item is not None:
            trajectory_services.mark_item_done(
                item=item, done_on=_after(start, days, today), actor=coordinator
            )
    for days, form, minutes, note in spec.contacts:
        trajectory_services.record_contact(
            trajectory=trajectory,
            date=_after(start, days, today),
            duration_minutes=minutes,
            form=form,
            note=note,
            actor=coordinator,
        )
    if spec.volunteer_role:
        trajectory_services.assign_volunteer(
            trajectory=trajectory, volunteer=volunteer, role=spec.volunteer_role, actor=coordinator
        )
    if spec.volunteer_contact:
        days, form, minutes, note = spec.volunteer_contact
        trajectory_services.record_contact(
            trajectory=trajectory,
            date=_after(start, days, today),
            duration_minutes=minutes,
            form=form,
            note=note,
            actor=volunteer,
        )
    for kind, days, levels, rung in spec.measurements:
        domains = [row.domain.code for row in product_domains(trajectory.product)]
        measurement_services.record_measurement(
            trajectory=trajectory,
            kind=kind,
            date=_after(start, days, today),
            scores={code: (level, "") for code, level in zip(domains, levels, strict=True)},
            rung=rung,
            actor=coordinator,
        )
    if spec.closing:
        days, reason = spec.closing
        trajectory = trajectory_services.close_trajectory(
            trajectory=trajectory,
            end_date=_after(start, days, today),
            reason=reason,
            actor=coordinator,
        )
    return trajectory


@dataclass(frozen=True)
class VolunteerSpec:
    """One demo volunteer of Team Arnhem; dates counted back from today. ``vog_days_ago`` near
    the validity (3 years) gives a VOG that expires soon or has expired."""

    email: str
    roles: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]  # (language code, level)
    availability: tuple[str, ...]
    vog_days_ago: int
    status: str = VolunteerStatus.ACTIVE
    max_clients: int = 3
    trainings: tuple[tuple[str, int], ...] = ()  # (training kind code, days ago)


VOLUNTEERS = [
    VolunteerSpec(
        "vrijwilliger@demo.wegwijs.nl",
        ("coach", "taalcoach"),
        (("nl", LanguageLevel.NATIVE), ("en", LanguageLevel.GOOD)),
        ("mon_morning", "wed_afternoon", "thu_evening"),
        190,
        max_clients=4,
        trainings=(("basistraining", 180), ("taalcoach", 150)),
    ),
    VolunteerSpec(
        "yonas.vrijwilliger@demo.wegwijs.nl",
        ("coach", "maatje"),
        (("ti", LanguageLevel.NATIVE), ("nl", LanguageLevel.GOOD), ("am", LanguageLevel.GOOD)),
        ("tue_evening", "sat_morning"),
        300,
        trainings=(("basistraining", 280),),
    ),
    # The VOG runs out in about 40 days: a warning on the coördinator's dashboard.
    VolunteerSpec(
        "amal.vrijwilliger@demo.wegwijs.nl",
        ("taalcoach",),
        (("ar", LanguageLevel.NATIVE), ("nl", LanguageLevel.GOOD)),
        ("mon_afternoon", "tue_afternoon", "fri_morning"),
        3 * 365 - 40,
        trainings=(("taalcoach", 900),),
    ),
    # The VOG has expired: refused when assigned.
    VolunteerSpec(
        "henk.vrijwilliger@demo.wegwijs.nl",
        ("coach", "woonbegeleider"),
        (("nl", LanguageLevel.NATIVE),),
        ("wed_morning",),
        3 * 365 + 20,
    ),
    VolunteerSpec(
        "sara.vrijwilliger@demo.wegwijs.nl",
        ("maatje",),
        (("nl", LanguageLevel.NATIVE), ("fr", LanguageLevel.BASIC)),
        ("thu_afternoon",),
        400,
        status=VolunteerStatus.PAUSED,
    ),
]


def _volunteers(users, today: datetime.date) -> None:
    """Screened volunteers of Team Arnhem (begeleider: the demo coördinator), working in the
    team's municipalities; created once, left alone afterwards."""
    by_email = {
        user.email: user
        for user in User.objects.filter(email__in=[spec.email for spec in VOLUNTEERS])
    }
    languages = Language.objects.in_bulk(field_name="code")
    kinds = TrainingKind.objects.in_bulk(field_name="code")
    for spec in VOLUNTEERS:
        user = by_email[spec.email]
        if VolunteerProfile.objects.filter(user=user).exists():
            continue
        vog = today - datetime.timedelta(days=spec.vog_days_ago)
        profile = VolunteerProfile.objects.create(
            user=user,
            status=spec.status,
            max_clients=spec.max_clients,
            availability=list(spec.availability),
            started_on=vog + datetime.timedelta(days=10),
            begeleider=users["coordinator"],
            vog_issued_on=vog,
            confidentiality_signed_on=vog,
        )
        profile.roles.add(*VolunteerRole.objects.filter(code__in=spec.roles))
        profile.municipalities.add(*Municipality.objects.covered_by_teams_of(user))
        profile.locations.add(*Location.objects.filter(team__members=user))
        for code, level in spec.languages:
            VolunteerLanguage.objects.create(profile=profile, language=languages[code], level=level)
        for code, days in spec.trainings:
            Training.objects.create(
                profile=profile,
                kind=kinds[code],
                completed_on=today - datetime.timedelta(days=days),
            )


def _hours_and_supervision(users, today: datetime.date) -> None:
    """Some hours of the demo volunteer and the coördinator (kept apart by capacity) and two
    supervision meetings; only when the coördinator has registered none yet."""
    coordinator, volunteer = users["coordinator"], users["vrijwilliger"]
    if TimeEntry.objects.filter(by__in=[coordinator, volunteer]).exists():
        return
    own = Trajectory.objects.visible_to(volunteer).open().order_by("pk").first()
    for by, days, minutes, activity, trajectory in [
        (volunteer, 3, 90, HoursActivity.CLIENT, own),
        (volunteer, 3, 30, HoursActivity.TRAVEL, own),
        (volunteer, 10, 120, HoursActivity.TRAINING, None),
        (coordinator, 5, 60, HoursActivity.CLIENT, own),
    ]:
        hours.record_hours(
            by=by,
            date=today - datetime.timedelta(days=days),
            minutes=minutes,
            activity=activity,
            trajectory=trajectory,
        )
    profiles = {p.user.email: p for p in VolunteerProfile.objects.select_related("user")}
    volunteer_services.record_supervision_meeting(
        kind=SupervisionKind.WERKBEGELEIDING,
        held_on=today - datetime.timedelta(days=45),
        volunteers=[profiles[volunteer.email]],
        notes="Eerste maanden doorgenomen; werkt goed samen met het gezin.",
        actor=coordinator,
    )
    volunteer_services.record_supervision_meeting(
        kind=SupervisionKind.INTERVISIE,
        held_on=today - datetime.timedelta(days=20),
        volunteers=[profiles[spec.email] for spec in VOLUNTEERS[:3]],
        notes="Casuïstiek: grenzen stellen bij hulpvragen buiten de afspraken.",
        actor=coordinator,
    )


def load() -> dict[str, int]:
    """Create what is missing of the demo data; return how many clients and trajectories were
    created. Needs the reference data and the demo users; call inside one transaction."""
    today = timezone.localdate()
    users = _users()
    price_list = _price_list(today.year, users["beheerder"])
    contracts = {
        code: _contract(Municipality.objects.get(cbs_code=code), price_list, users["financieel"])
        for code in CONTRACT_MUNICIPALITIES
    }
    persons, clients_created = _clients(today, users["coordinator"])
    _volunteers(users, today)
    lines = {
        (line.tariff.product.code, line.tariff.code): line
        for line in ContractLine.objects.filter(contract=contracts["GM0202"]).select_related(
            "tariff__product"
        )
    }
    trajectories_created = 0
    for spec in TRAJECTORIES:
        person = persons[spec.person]
        if Trajectory.objects.filter(person=person, product__code=spec.product).exists():
            continue
        line = next(
            line
            for (product, tariff), line in lines.items()
            if product == spec.product and (spec.tariff is None or tariff == spec.tariff)
        )
        _trajectory(spec, person=person, line=line, today=today, users=users)
        trajectories_created += 1
    _hours_and_supervision(users, today)
    return {"clients": clients_created, "trajectories": trajectories_created}
