"""Self-sufficiency figures per municipality and period (issue 6 part 5).

A fixed scenario with every figure computed by hand. Arnhem pays for:

VIP 18, closed in 2019 (six domains; the same level on each unless said otherwise):
    A  nul 2, eind 3                        closed 30-6-2019 (Q2), doel bereikt
    B  nul 3, eind 4 (huisvesting 3)        closed 30-9-2019 (Q3), doel bereikt
    C  nul 1, eind 1 (financiën 2)          closed 31-12-2019 (Q4), doel bereikt
    D  nul 4, no eindmeting                 closed 1-8-2019 (Q3), uitgevallen; the client
                                            moved to Zwolle afterwards (Arnhem paid: counted)
Not counted for Arnhem 2019:
    E  VIP 18 of Arnhem closed 15-1-2020    nul 5, eind 5
    F  VIP 18 paid by Zwolle, closed 2019   nul 1, eind 5
    G  VIP 18 of Arnhem still open          nul 2

VIP Jongeren, closed in 2019 (five domains; rung at nul -> eind):
    H  nul 2, eind 3, rung 1 -> 3           closed 1-10-2019
    I  nul 2, eind 3 (dagbesteding 2), rung 2 -> 2    closed 1-11-2019
    J  nul 3, eind 4, rung 2 -> 4           closed 1-12-2019

By hand, VIP 18 (Arnhem, 2019): 4 closed. Nul on every domain: levels 1, 2, 3, 4 once each
(C, A, B, D) -> [1, 1, 1, 1, 0], 4 scored. Eind (A, B, C): huisvesting 3, 3, 1 ->
[1, 0, 2, 0, 0]; financiën 3, 4, 2 -> [0, 1, 1, 1, 0]; the other four 3, 4, 1 ->
[1, 0, 1, 1, 0]; 3 scored each. Paired: 3 per domain. Rose: huisvesting A only (1, 33%),
financiën A B C (3, 100%), the others A B (2, 67%).

By hand, VIP Jongeren: 3 closed. Nul [0, 2, 1, 0, 0] on each domain. Eind: dagbesteding
H 3, I 2, J 4 -> [0, 1, 1, 1, 0]; the others 3, 3, 4 -> [0, 0, 2, 1, 0]. Rose: dagbesteding
H J (2, 67%), the others 3 (100%). Rose on all five: H and J of 3 (67%). Rungs: 1->3, 2->2,
2->4; start [1, 2, 0, 0, 0, 0], end [0, 1, 1, 1, 0, 0].

Running on 31-12-2019 (the end of 2019), by their latest measurement up to that day against the
nulmeting: VIP 18 E (nul 5; its eindmeting of 15-1-2020 lies after the day) and G (nul 2):
2 running, nul [0, 1, 0, 0, 1] on each domain, no later measurement, 0 paired. VIP Jongeren:
none (H, I, J closed in 2019). On 30-9-2019 (Q3): VIP 18 C, E, G and VIP Jongeren H, I, J
(closed after it, eindmetingen dated after it). In 2021: G only.
"""

import datetime
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import verified_login
from tests.trajectories.conftest import tariff
from wegwijs.clients.factories import PersonFactory
from wegwijs.contracts import services as contract_services
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.measurements import report
from wegwijs.measurements.models import Domain
from wegwijs.measurements.selectors import product_domains
from wegwijs.measurements.services import record_measurement
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories import services as trajectory_services

pytestmark = pytest.mark.django_db

D = datetime.date
VIP18_DOMAINS = [
    "Huisvesting",
    "Financiën",
    "Sociaal netwerk",
    "Tijdsbesteding",
    "Werk en opleiding",
    "Maatschappelijke participatie",
]
URL = reverse("measurements:report")
XLSX_URL = reverse("measurements:report_xlsx")


@pytest.fixture
def zwolle(reference):
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    # Answered, so that its contracts can be signed (unknown after a fresh load).
    zwolle.has_information_point = zwolle.has_settlement_coaching = True
    zwolle.save()
    return zwolle


@pytest.fixture
def zwolle_vip18_line(zwolle, financieel):
    contract = contract_services.create_contract(municipality=zwolle, year=2019, actor=financieel)
    line = contract_services.add_line(
        contract=contract, tariff=tariff("VIP18"), quantity=10, actor=financieel
    )
    contract_services.offer_contract(contract=contract, actor=financieel)
    contract_services.sign_contract(contract=contract, actor=financieel)
    return line


ADULT, YOUNG = datetime.date(1990, 1, 1), datetime.date(2000, 1, 1)


def client_of(municipality, born=ADULT):
    return PersonFactory(
        municipality=municipality,
        date_of_birth=born,
        arrived_on=D(2018, 9, 1),
        settled_on=D(2019, 3, 15),
    )


def scores(trajectory, level, **exceptions):
    return {
        row.domain.code: (exceptions.get(row.domain.code.replace("-", "_"), level), "")
        for row in product_domains(trajectory.product)
    }


def run(trajectory, actor, *, nul, eind=None, end=None, rungs=(None, None), **eind_except):
    record_measurement(
        trajectory=trajectory,
        kind="nul",
        date=D(2019, 4, 15),
        scores=scores(trajectory, nul),
        rung=rungs[0],
        actor=actor,
    )
    if eind is not None:
        record_measurement(
            trajectory=trajectory,
            kind="eind",
            date=end,
            scores=scores(trajectory, eind, **eind_except),
            rung=rungs[1],
            actor=actor,
        )
    if end is not None:
        trajectory_services.close_trajectory(
            trajectory=trajectory,
            end_date=end,
            reason="doel_bereikt" if eind is not None else "uitgevallen",
            actor=actor,
        )
    return trajectory


@pytest.fixture
def scenario(open_trajectory, coordinator, arnhem, zwolle, zwolle_vip18_line):
    def vip18(**kwargs):
        return run(open_trajectory("VIP18", person=client_of(arnhem)), coordinator, **kwargs)

    def vipj(**kwargs):
        person = client_of(arnhem, born=YOUNG)
        return run(open_trajectory("VIPJ", person=person), coordinator, **kwargs)

    made = {
        "A": vip18(nul=2, eind=3, end=D(2019, 6, 30)),
        "B": vip18(nul=3, eind=4, end=D(2019, 9, 30), huisvesting=3),
        "C": vip18(nul=1, eind=1, end=D(2019, 12, 31), financien=2),
        "D": vip18(nul=4, end=D(2019, 8, 1)),
        "E": vip18(nul=5, eind=5, end=D(2020, 1, 15)),
        "G": vip18(nul=2),
        "H": vipj(nul=2, eind=3, end=D(2019, 10, 1), rungs=(1, 3)),
        "I": vipj(nul=2, eind=3, end=D(2019, 11, 1), rungs=(2, 2), dagbesteding=2),
        "J": vipj(nul=3, eind=4, end=D(2019, 12, 1), rungs=(2, 4)),
    }
    made["F"] = run(
        trajectory_services.open_trajectory(
            person=client_of(zwolle),
            contract_line=zwolle_vip18_line,
            start_date=D(2019, 4, 1),
            responsible=coordinator,
            actor=coordinator,
        ),
        coordinator,
        nul=1,
        eind=5,
        end=D(2019, 10, 1),
    )
    # D's client moves after the trajectory: Arnhem paid, so Arnhem counts it.
    person = made["D"].person
    person.municipality = zwolle
    person.save(update_fields=["municipality"])
    return made


def by_code(figures):
    return {p.product.code: p for p in figures.products}


# --- The counts -----------------------------------------------------------------------------


def test_the_counts_match_the_hand_computed_scenario(scenario, arnhem):
    figures = report.figures(municipality=arnhem, period=report.Period.of(2019))
    products = by_code(figures)
    assert list(products) == ["VIP18", "VIPJ"]
    assert figures.closed == 7

    vip = products["VIP18"]
    assert vip.closed == 4
    assert [d.domain.name for d in vip.domains] == VIP18_DOMAINS
    eind = {
        "Huisvesting": [1, 0, 2, 0, 0],
        "Financiën": [0, 1, 1, 1, 0],
    }
    rose = {"Huisvesting": 1, "Financiën": 3}
    for d in vip.domains:
        assert d.nul == [1, 1, 1, 1, 0], d.domain.name
        assert d.eind == eind.get(d.domain.name, [1, 0, 1, 1, 0]), d.domain.name
        assert d.paired == 3
        assert d.rose == rose.get(d.domain.name, 2), d.domain.name
    assert vip.ladder is None

    young = products["VIPJ"]
    assert young.closed == 3
    for d in young.domains:
        assert d.nul == [0, 2, 1, 0, 0]
        assert d.paired == 3
        if d.domain.code == "dagbesteding":
            assert (d.eind, d.rose) == ([0, 1, 1, 1, 0], 2)
        else:
            assert (d.eind, d.rose) == ([0, 0, 2, 1, 0], 3)
    assert (young.ladder.paired_all, young.ladder.rose_all) == (3, 2)
    rungs = [[0] * 6 for _ in range(6)]
    rungs[0][2] = rungs[1][1] = rungs[1][3] = 1
    assert young.ladder.rungs == rungs


def test_other_periods_municipalities_and_products(scenario, arnhem, zwolle):
    in_2020 = by_code(report.figures(municipality=arnhem, period=report.Period.of(2020)))
    assert list(in_2020) == ["VIP18"] and in_2020["VIP18"].closed == 1  # E
    assert in_2020["VIP18"].domains[0].nul == [0, 0, 0, 0, 1]
    in_zwolle = by_code(report.figures(municipality=zwolle, period=report.Period.of(2019)))
    assert list(in_zwolle) == ["VIP18"] and in_zwolle["VIP18"].closed == 1  # F, not D
    assert in_zwolle["VIP18"].domains[0].eind == [0, 0, 0, 0, 1]
    q3 = by_code(report.figures(municipality=arnhem, period=report.Period.of(2019, 3)))
    assert q3["VIP18"].closed == 2  # B and D
    assert q3["VIP18"].running.size == 3  # C, E, G
    # H, I, J closed after the quarter: running on 30-9, none closed in it.
    assert (q3["VIPJ"].closed, q3["VIPJ"].running.size) == (0, 3)
    assert q3["VIPJ"].running.domains[0].eind == [0] * 5  # their eindmetingen came later
    only = report.figures(
        municipality=arnhem, period=report.Period.of(2019), product=scenario["H"].product
    )
    assert [p.product.code for p in only.products] == ["VIPJ"]
    in_2021 = by_code(report.figures(municipality=arnhem, period=report.Period.of(2021)))
    assert list(in_2021) == ["VIP18"]  # G, still running
    assert (in_2021["VIP18"].closed, in_2021["VIP18"].running.size) == (0, 1)
    before = report.figures(municipality=arnhem, period=report.Period.of(2019, 1))
    assert before.products == []  # everything started on 1-4-2019


def test_periods():
    assert report.Period.of(2019).start == D(2019, 1, 1)
    assert report.Period.of(2019).end == D(2019, 12, 31)
    q1, q4 = report.Period.of(2020, 1), report.Period.of(2019, 4)
    assert (q1.start, q1.end, q1.slug) == (D(2020, 1, 1), D(2020, 3, 31), "2020-q1")
    assert (q4.start, q4.end) == (D(2019, 10, 1), D(2019, 12, 31))
    assert q4.label == "vierde kwartaal van 2019"
    with pytest.raises(ValueError):
        report.Period.of(2019, 5)


def test_the_counts_take_a_fixed_number_of_queries(scenario, arnhem, open_trajectory):
    def queries():
        with CaptureQueriesContext(connection) as context:
            report.figures(municipality=arnhem, period=report.Period.of(2019))
        return len(context)

    before = queries()
    for level in (2, 3, 4):
        run(
            open_trajectory("VIP18", person=client_of(arnhem)),
            scenario["A"].responsible,
            nul=level,
            eind=level + 1,
            end=D(2019, 11, 11),
        )
    assert queries() == before == 5


# --- The page -------------------------------------------------------------------------------


class Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, ...], ...]} (header row included)."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.caption, self.rows, self.text = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th", "caption"):
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.caption, self.text = self.text.strip(), None
        elif tag in ("td", "th"):
            self.rows[-1].append(" ".join(self.text.split()))
            self.text = None
        elif tag == "table":
            key = self.caption
            while key in self.tables:
                key += "+"
            self.tables[key] = self.rows

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


ARNHEM_2019 = {"municipality": "GM0202", "year": "2019"}
NUL_CAPTION = "Niveau per domein bij de nulmeting"
EIND_CAPTION = "Niveau per domein bij de eindmeting"
ROSE_CAPTION = "Cliënten die minstens één niveau stegen, per domein"
ALL_CAPTION = "Cliënten die op alle 5 verplichte domeinen minstens één niveau stegen"
RUNG_CAPTION = (
    "Participatieladder: trede bij de nulmeting (rijen) tegenover de eindmeting (kolommen)"
)


def test_the_coordinator_sees_the_exact_figures(client, coordinator, scenario):
    verified_login(client, coordinator)
    body = get(client, **ARNHEM_2019)
    assert "Arnhem, 2019" in body
    assert "exacte cijfers" in body
    tables = Tables(body).tables
    nul = tables[NUL_CAPTION]  # VIP 18 comes first
    assert nul[0] == [
        "Domein",
        "1 Acute problematiek",
        "2 Niet zelfredzaam",
        "3 Beperkt zelfredzaam",
        "4 Voldoende zelfredzaam",
        "5 Volledig zelfredzaam",
        "Gescoord",
    ]
    assert [row[0] for row in nul[1:]] == VIP18_DOMAINS
    assert all(row[1:] == ["1", "1", "1", "1", "0", "4"] for row in nul[1:])
    eind = tables[EIND_CAPTION]
    assert eind[1] == ["Huisvesting", "1", "0", "2", "0", "0", "3"]
    assert eind[2] == ["Financiën", "0", "1", "1", "1", "0", "3"]
    assert eind[3] == ["Sociaal netwerk", "1", "0", "1", "1", "0", "3"]
    rose = tables[ROSE_CAPTION]
    assert rose[0] == [
        "Domein",
        "Cliënten met een nul- en een eindscore",
        "Minstens één niveau gestegen",
        "Aandeel gestegen",
    ]
    assert rose[1] == ["Huisvesting", "3", "1", "33%"]
    assert rose[2] == ["Financiën", "3", "3", "100%"]
    assert rose[3] == ["Sociaal netwerk", "3", "2", "67%"]
    # VIP Jongeren.
    dagbesteding = "Dagbesteding (opleiding)"
    assert tables[EIND_CAPTION + "+"][3] == [dagbesteding, "0", "1", "1", "1", "0", "3"]
    assert tables[ROSE_CAPTION + "+"][3] == [dagbesteding, "3", "2", "67%"]
    assert tables[ALL_CAPTION][1][1:] == ["3", "2", "67%"]
    rungs = tables[RUNG_CAPTION]
    assert rungs[0][0] == "Trede bij de nulmeting"
    assert rungs[1] == ["1 Geïsoleerd", "0", "0", "1", "0", "0", "0", "1"]
    assert rungs[2][1:] == ["0", "1", "0", "1", "0", "0", "2"]
    assert rungs[-1] == ["Totaal", "0", "1", "1", "1", "0", "0", "3"]
    # The charts are drawn from the exact figures: a stacked bar per domain and moment, for
    # the closed and the running trajectories of both products.
    assert body.count('role="img"') == 4
    assert "verborgen: kleine aantallen" not in body
    # Aggregates only: no client named.
    for trajectory in scenario.values():
        assert trajectory.person.family_name not in body
    entry = AuditEntry.objects.get(object_type="measurements.report")
    assert (entry.action, entry.actor, entry.client_id) == ("read", coordinator, None)
    assert entry.object_id == "GM0202:2019:all"


def test_the_gemeentecontact_sees_small_counts_suppressed(client, gemeentecontact, scenario):
    verified_login(client, gemeentecontact)
    body = get(client, year="2019")
    assert "Arnhem, 2019" in body
    assert "&lt; 10" in body and "exacte cijfers" not in body
    tables = Tables(body).tables
    for caption in (NUL_CAPTION, EIND_CAPTION):
        assert all(set(row[1:]) == {"< 10"} for row in tables[caption][1:]), caption
    rose = tables[ROSE_CAPTION]
    assert rose[0] == ["Domein", "Cliënten met een nul- en een eindscore", "Aandeel gestegen"]
    assert rose[1] == ["Huisvesting", "< 10", "—"]
    assert tables[ALL_CAPTION][1][1:] == ["< 10", "—"]
    assert all(set(row[1:]) == {"< 10"} for row in tables[RUNG_CAPTION][1:])
    assert "Afgesloten trajecten in de periode: <strong>&lt; 10</strong>" in body
    # No bar is drawn from hidden figures: only the legend's five squares per chart (closed
    # and running, two products). Every bar is hidden, running ones too (VIP 18: 2 running).
    assert body.count("<rect") == 4 * 5
    assert body.count("verborgen: kleine aantallen") == 2 * 2 * (6 + 5)
    entry = AuditEntry.objects.get(object_type="measurements.report")
    assert (entry.action, entry.actor, entry.client_id) == ("read", gemeentecontact, None)


def test_secondary_suppression_on_the_page(client, gemeentecontact, scenario, settings):
    settings.SMALL_COUNT_THRESHOLD = 2
    verified_login(client, gemeentecontact)
    tables = Tables(get(client, year="2019")).tables
    # Huisvesting at eind is [1, 0, 2, 0, 0]: the 1 and the zeros are hidden, and the 2 too,
    # or the total 3 would give their sum (1) back.
    assert tables[EIND_CAPTION][1] == ["Huisvesting", "< 2", "< 2", "×", "< 2", "< 2", "3"]
    # 1 of 3 rose: the share would give both the 1 and the 2 who did not rise back.
    assert tables[ROSE_CAPTION][1] == ["Huisvesting", "3", "—"]
    assert tables[ALL_CAPTION][1][1:] == ["3", "—"]
    # Rung totals [1, 2, 0, 0, 0, 0] of 3: the 2 goes with the 1 and the zeros.
    rungs = tables[RUNG_CAPTION]
    assert [row[-1] for row in rungs[1:-1]] == ["< 2", "×", "< 2", "< 2", "< 2", "< 2"]
    assert rungs[-1][-1] == "3"


def test_the_gemeentecontact_cannot_ask_for_another_municipality(client, gemeentecontact, scenario):
    verified_login(client, gemeentecontact)
    body = get(client, municipality="GM0193", year="2019")
    assert "alleen de cijfers van uw eigen gemeente" in body
    assert "<table" not in body and "Zwolle, 2019" not in body
    response = client.get(XLSX_URL, {"municipality": "GM0193", "year": "2019"})
    assert response.status_code == 302 and response["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(object_type="measurements.report").exists()


def test_the_report_itself_refuses_what_the_user_may_not_ask_for(
    gemeentecontact, coordinator, other_coordinator, scenario, arnhem
):
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    with pytest.raises(DomainError, match="alleen de cijfers van uw eigen gemeente"):
        report.report_for(gemeentecontact, municipality=zwolle, year=2019)
    with pytest.raises(DomainError, match="alleen per heel jaar"):
        report.report_for(gemeentecontact, municipality=arnhem, year=2019, quarter=3)
    with pytest.raises(DomainError):
        report.report_for(other_coordinator, municipality=arnhem, year=2019)  # Team Zwolle
    assert report.report_for(gemeentecontact, municipality=arnhem, year=2019).protected
    exact = report.report_for(coordinator, municipality=arnhem, year=2019, quarter=3)
    assert not exact.protected and exact.period == report.Period.of(2019, 3)


def test_the_gemeentecontact_has_no_quarters(client, gemeentecontact, scenario):
    verified_login(client, gemeentecontact)
    body = get(client)
    assert 'name="quarter"' not in body and 'name="year"' in body
    # A quarter asked for in the address is ignored: the whole year is shown.
    assert "Arnhem, 2019" in get(client, year="2019", quarter="3")


def test_a_coordinator_chooses_among_the_municipalities_of_their_teams(
    client, coordinator, other_coordinator, scenario
):
    verified_login(client, coordinator)
    assert "alleen de cijfers" not in get(client, **ARNHEM_2019)
    body = get(client, municipality="GM0193", year="2019")
    assert "Selecteer een geldige keuze" in body and "<table" not in body
    verified_login(client, other_coordinator)  # Team Zwolle
    assert "Selecteer een geldige keuze" in get(client, **ARNHEM_2019)
    tables = Tables(get(client, municipality="GM0193", year="2019")).tables
    assert tables[NUL_CAPTION][1] == ["Huisvesting", "1", "0", "0", "0", "0", "1"]


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": "GM0202", "year": "abc"},
        {"municipality": "GM0202", "year": "1900"},
        {"municipality": "GM0202", "year": "2019", "quarter": "9"},
        {"municipality": "GM0202", "year": "2019", "product": "TAALCOACH"},
        {"municipality": "<script>", "year": "2019"},
        {"year": "2019"},
    ],
)
def test_bad_input_gives_form_errors(client, coordinator, scenario, params):
    verified_login(client, coordinator)
    body = get(client, **params)
    assert 'class="errorlist"' in body and "<table" not in body
    assert "<script>" not in body


def test_quarter_and_product(client, coordinator, scenario):
    verified_login(client, coordinator)
    body = get(client, **ARNHEM_2019, quarter="3", product="VIP18")
    assert "Arnhem, derde kwartaal van 2019" in body
    assert "Afgesloten trajecten in de periode: <strong>2</strong>" in body
    assert RUNG_CAPTION not in body


def test_empty_state(client, coordinator, scenario):
    verified_login(client, coordinator)
    # In 2021 G still runs; in the first quarter of 2019 nothing had started.
    assert "<table" in get(client, municipality="GM0202", year="2021")
    body = get(client, municipality="GM0202", year="2019", quarter="1")
    assert 'class="empty"' in body
    assert "<table" not in body
    assert "Kies een jaar" in get(client)  # nothing asked yet


def test_the_page_takes_the_same_number_of_queries_for_more_data(
    client, coordinator, scenario, open_trajectory, arnhem
):
    verified_login(client, coordinator)

    def queries():
        with CaptureQueriesContext(connection) as context:
            get(client, **ARNHEM_2019)
        return len(context)

    before = queries()
    for level in (1, 2, 3):
        run(
            open_trajectory("VIPJ", person=client_of(arnhem, born=YOUNG)),
            coordinator,
            nul=level,
            eind=level + 1,
            end=D(2019, 11, 11),
            rungs=(level, level + 1),
        )
    assert queries() == before
    print("report page queries:", before)


# --- The Excel export -----------------------------------------------------------------------


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet):
    return list(sheet.iter_rows(values_only=True))


def find(rows, caption):
    at = next(i for i, row in enumerate(rows) if row[0] == caption)
    return rows[at + 1 :]


def test_excel_for_the_coordinator_holds_the_exact_figures(client, coordinator, scenario):
    verified_login(client, coordinator)
    response = client.get(XLSX_URL, ARNHEM_2019)
    assert response["Content-Disposition"] == (
        'attachment; filename="zelfredzaamheid-gm0202-2019.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Overzicht", "VIP18", "VIPJ"]
    overview = rows_of(book["Overzicht"])
    assert overview[1][:2] == ("Gemeente", "Arnhem")
    vip = rows_of(book["VIP18"])
    assert vip[1][:2] == ("Afgesloten trajecten in de periode", 4)
    eind = find(vip, EIND_CAPTION)
    assert eind[1][:7] == ("Huisvesting", 1, 0, 2, 0, 0, 3)
    rose = find(vip, ROSE_CAPTION)
    assert rose[2][:3] == ("Financiën", 3, 3) and rose[2][3] == 1.0
    young = rows_of(book["VIPJ"])
    assert find(young, ALL_CAPTION)[1][1:3] == (3, 2)
    assert round(find(young, ALL_CAPTION)[1][3], 2) == 0.67
    total = next(row for row in find(young, RUNG_CAPTION) if row[0] == "Totaal")
    assert total[:8] == ("Totaal", 0, 1, 1, 1, 0, 0, 3)
    assert vip[2][1] == 2  # running on 31-12-2019: E and G
    entry = AuditEntry.objects.get(object_type="measurements.report")
    assert (entry.action, entry.client_id) == ("export", None)


def test_excel_for_the_gemeentecontact_holds_the_suppressed_figures(
    client, gemeentecontact, scenario
):
    verified_login(client, gemeentecontact)
    book = workbook(client.get(XLSX_URL, {"year": "2019", "product": "VIP18"}))
    assert book.sheetnames == ["Overzicht", "VIP18"]
    vip = rows_of(book["VIP18"])
    assert vip[1][:2] == ("Afgesloten trajecten in de periode", "< 10")
    for row in find(vip, EIND_CAPTION)[1:7]:
        assert set(row[1:7]) == {"< 10"}
    assert find(vip, ROSE_CAPTION)[1][:3] == ("Huisvesting", "< 10", "—")
    numbers = [v for row in vip for v in row if isinstance(v, int | float)]
    assert numbers == []


def test_excel_neutralises_formulas_in_text(client, coordinator, scenario):
    Domain.objects.filter(code="huisvesting").update(name='=HYPERLINK("http://x.test","klik")')
    Domain.objects.filter(code="financien").update(name="@SUM(A1)")
    verified_login(client, coordinator)
    book = workbook(client.get(XLSX_URL, ARNHEM_2019))
    texts = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert '\'=HYPERLINK("http://x.test","klik")' in texts
    assert "'@SUM(A1)" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_excel_with_bad_input_goes_back_to_the_form(client, coordinator, scenario):
    verified_login(client, coordinator)
    response = client.get(XLSX_URL, {"municipality": "GM0202", "year": "abc"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?municipality=GM0202&year=abc"


def test_the_report_is_in_the_menu_and_on_the_dashboard(client, gemeentecontact, coordinator):
    verified_login(client, gemeentecontact)
    body = client.get(reverse("core:dashboard")).content.decode()
    assert body.count(f'href="{URL}"') == 2  # menu and panel
    verified_login(client, coordinator)
    body = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{URL}"' in body
