"""Rules of the cards in the self-sufficiency report (issue 12, points 8 to 11), on top of
the hand-computed scenario of ``test_report``. Figures by hand beside each test."""

import datetime
import io

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.conftest import verified_login
from tests.measurements.test_report import (
    ARNHEM_2019,
    EIND_CAPTION,
    NUL_CAPTION,
    ROSE_CAPTION,
    XLSX_URL,
    Tables,
    by_code,
    client_of,
    get,
    run,
    scores,
)
from wegwijs.measurements import report
from wegwijs.measurements.models import Domain, Measurement, ProductDomain, ProductInstrument, Score
from wegwijs.measurements.services import record_measurement

pytestmark = pytest.mark.django_db
D = datetime.date
RUNNING_NUL = _("Running trajectories: level per domain at the baseline")
RUNNING_LATEST = _("Running trajectories: level per domain at the latest measurement")
RUNNING_ROSE = _(
    "Running trajectories: clients who rose at least one level since the baseline, per domain"
)


def running_with_tussen(open_trajectory, coordinator, arnhem, nul, tussen):
    trajectory = run(open_trajectory("VIP18", person=client_of(arnhem)), coordinator, nul=nul)
    record_measurement(
        trajectory=trajectory,
        kind="tussen",
        date=D(2019, 12, 1),
        scores=scores(trajectory, tussen),
        actor=coordinator,
    )
    return trajectory


# --- Point 8: closed is closed --------------------------------------------------------------


def test_report_ignores_a_measurement_dated_after_the_end(scenario, arnhem, coordinator):
    # D closed "uitgevallen" on 1-8-2019 without an eindmeting; a row entered a month later
    # (before the service refused it) must not enter the figures.
    late = Measurement.objects.create(
        trajectory=scenario["D"], kind="eind", date=D(2019, 9, 1), by=coordinator
    )
    Score.objects.bulk_create(
        Score(measurement=late, domain=row.domain, level=5)
        for row in ProductInstrument.objects.get(product__code="VIP18").domains.all()
    )
    vip = by_code(report.figures(municipality=arnhem, period=report.Period.of(2019)))["VIP18"]
    assert [d.eind for d in vip.domains][0] == [1, 0, 2, 0, 0]  # A, B, C only
    assert all(d.paired == 3 for d in vip.domains)


# --- Point 9: not scored --------------------------------------------------------------------


@pytest.fixture
def optional_justitie(reference):
    ProductDomain.objects.create(
        instrument=ProductInstrument.objects.get(product__code="VIP18"),
        domain=Domain.objects.get(code="justitie"),
        mandatory=False,
        order=7,
    )


def test_not_scored_is_counted_apart_never_as_a_level(
    optional_justitie, open_trajectory, coordinator, arnhem, client, gemeentecontact
):
    # Two VIP 18 closed in 2019: P scores justitie 3 at nul and 4 at eind, Q leaves it not
    # scored at both. Justitie: nul [0, 0, 1, 0, 0] + 1 not scored = 2 measured; eind
    # [0, 0, 0, 1, 0] + 1 not scored; 1 paired, who rose. The mandatory domains have no "not
    # scored" (structural 0): huisvesting nul [0, 2, 0, 0, 0] + 0 = 2.
    p = run(open_trajectory("VIP18", person=client_of(arnhem)), coordinator, nul=2)
    q = run(open_trajectory("VIP18", person=client_of(arnhem)), coordinator, nul=2)
    for trajectory, level in ((p, 3), (q, None)):
        Score.objects.filter(measurement__trajectory=trajectory, domain__code="justitie").update(
            level=level
        )
    for trajectory, level in ((p, 4), (q, None)):
        values = scores(trajectory, 3)
        values["justitie"] = (level, "")
        record_measurement(
            trajectory=trajectory,
            kind="eind",
            date=D(2019, 10, 1),
            scores=values,
            actor=coordinator,
        )
    from wegwijs.trajectories import services as trajectory_services

    for trajectory in (p, q):
        trajectory_services.close_trajectory(
            trajectory=trajectory, end_date=D(2019, 10, 1), reason="doel_bereikt", actor=coordinator
        )
    vip = by_code(report.figures(municipality=arnhem, period=report.Period.of(2019)))["VIP18"]
    justitie = vip.domains[-1]
    assert justitie.domain.code == "justitie"
    assert (justitie.nul, justitie.nul_not_scored) == ([0, 0, 1, 0, 0], 1)
    assert (justitie.eind, justitie.eind_not_scored) == ([0, 0, 0, 1, 0], 1)
    assert (justitie.paired, justitie.rose) == (1, 1)
    assert (vip.domains[0].nul, vip.domains[0].nul_not_scored) == ([0, 2, 0, 0, 0], 0)

    view = report.present(
        report.figures(municipality=arnhem, period=report.Period.of(2019)), protect=False
    )
    nul = view.products[0].sections[0].tables[0]
    assert nul.columns[-2:] == [_("Not scored"), _("Measured")]
    assert [str(c) for c in nul.rows[-1][1]] == ["0", "0", "1", "0", "0", "1", "2"]
    protected = report.present(
        report.figures(municipality=arnhem, period=report.Period.of(2019)), protect=True
    )
    # A mandatory domain is always scored: its "not scored" is a structural 0, never "< 10"
    # (one may become "×" so that justitie's hidden "not scored" has a partner in its column).
    mandatory = [row[1][5] for row in protected.products[0].sections[0].tables[0].rows[:6]]
    assert {str(c) for c in mandatory} <= {"0", "×"} and "0" in {str(c) for c in mandatory}


# --- Point 10: the whole caseload -----------------------------------------------------------


def test_running_trajectories_by_latest_measurement_against_the_baseline(
    client, coordinator, scenario, open_trajectory, arnhem
):
    # Beside the scenario's E (nul 5) and G (nul 2), K runs with nul 2 and a tussenmeting 3 on
    # 1-12-2019. Running on 31-12-2019: 3. Nul [0, 2, 0, 0, 1] (3 measured) on each domain;
    # latest: K's tussenmeting [0, 0, 1, 0, 0] (1); 1 paired, 1 rose (100%).
    running_with_tussen(open_trajectory, coordinator, arnhem, nul=2, tussen=3)
    vip = by_code(report.figures(municipality=arnhem, period=report.Period.of(2019)))["VIP18"]
    assert vip.closed == 4 and vip.running.size == 3
    for d in vip.running.domains:
        assert (d.nul, d.eind, d.paired, d.rose) == ([0, 2, 0, 0, 1], [0, 0, 1, 0, 0], 1, 1)
    verified_login(client, coordinator)
    tables = Tables(get(client, **ARNHEM_2019)).tables
    assert tables[RUNNING_NUL][1] == ["Huisvesting", "0", "2", "0", "0", "1", "3"]
    assert tables[RUNNING_LATEST][1] == ["Huisvesting", "0", "0", "1", "0", "0", "1"]
    assert tables[RUNNING_ROSE][1] == ["Huisvesting", "1", "1", "100%"]
    # The closed figures stay as they were.
    assert tables[EIND_CAPTION][1] == ["Huisvesting", "1", "0", "2", "0", "0", "3"]


def test_running_trajectories_are_suppressed_for_the_gemeentecontact(
    client, gemeentecontact, scenario, open_trajectory, arnhem, coordinator
):
    running_with_tussen(open_trajectory, coordinator, arnhem, nul=2, tussen=3)
    verified_login(client, gemeentecontact)
    body = get(client, year="2019")
    tables = Tables(body).tables
    for caption in (RUNNING_NUL, RUNNING_LATEST):
        assert all(set(row[1:]) == {"< 10"} for row in tables[caption][1:]), caption
    assert tables[RUNNING_ROSE][1] == ["Huisvesting", "< 10", "—"]


def test_running_figures_take_a_fixed_number_of_queries(
    scenario, arnhem, open_trajectory, coordinator, django_assert_num_queries
):
    def count():
        return report.figures(municipality=arnhem, period=report.Period.of(2019))

    with django_assert_num_queries(5):
        small = count()
    for level in (1, 2, 3, 4):
        running_with_tussen(open_trajectory, coordinator, arnhem, nul=level, tussen=level + 1)
    with django_assert_num_queries(5):
        large = count()
    assert by_code(large)["VIP18"].running.size == by_code(small)["VIP18"].running.size + 4


# --- Point 11: totals of one product suppressed together ------------------------------------


@pytest.fixture
def twenty_one(open_trajectory, coordinator, arnhem):
    """21 VIP 18 of Arnhem closed in 2019: 20 with nul 2 and eind 3 (10) or nul 3 and eind 4
    (10), one with nul 2 who moved ("verhuisd") without an eindmeting. Closed 21, measured at
    the baseline 21 on each domain, at the end 20, paired 20."""
    from wegwijs.trajectories import services as trajectory_services

    for i in range(20):
        nul = 2 if i < 10 else 3
        run(
            open_trajectory("VIP18", person=client_of(arnhem)),
            coordinator,
            nul=nul,
            eind=nul + 1,
            end=D(2019, 10, 1),
        )
    moved = run(open_trajectory("VIP18", person=client_of(arnhem)), coordinator, nul=2)
    trajectory_services.close_trajectory(
        trajectory=moved, end_date=D(2019, 9, 1), reason="verhuisd", actor=coordinator
    )


def shown_totals(view):
    """Every total of the closed VIP 18 shown as a number: closed, the row totals of the level
    tables, the numbers paired."""
    section = view.products[0].sections[0]
    nul, eind, rose = section.tables[:3]
    cells = [section.count]
    cells += [row[1][-1] for row in nul.rows] + [row[1][-1] for row in eind.rows]
    cells += [row[1][0] for row in rose.rows]
    return [c.value for c in cells if not c.hidden]


def test_no_two_shown_totals_of_a_product_differ_by_a_small_count(
    twenty_one, arnhem, client, gemeentecontact, coordinator
):
    exact = report.report_for(coordinator, municipality=arnhem, year=2019)
    assert sorted(set(shown_totals(exact))) == [20, 21]
    protected = report.report_for(gemeentecontact, municipality=arnhem, year=2019)
    values = shown_totals(protected)
    assert values and all(a == b or abs(a - b) >= 10 for a in values for b in values)
    assert 21 not in values  # the 20 are shown (12 totals), the 21 (7 totals) hidden

    # The page, its chart and the export show the same.
    verified_login(client, gemeentecontact)
    body = get(client, year="2019")
    assert "Afgesloten trajecten in de periode: <strong>×</strong>" in body
    tables = Tables(body).tables
    assert {row[-1] for row in tables[NUL_CAPTION][1:]} == {"×"}
    assert {row[-1] for row in tables[EIND_CAPTION][1:]} == {"20"}
    assert {row[1] for row in tables[ROSE_CAPTION][1:]} == {"20"}
    assert "21" not in "".join(cell for row in tables[NUL_CAPTION] for cell in row)
    # Nor do the shown cells of a nul row add up to more than the 20 shown at the end
    # ([0, 11, 10, 0, 0]: the 10 is hidden too).
    for row in tables[NUL_CAPTION][1:]:
        assert sum(int(cell) for cell in row[1:] if cell.isdigit()) < 20, row
    assert "n = 21" not in body
    response = client.get(XLSX_URL, {"year": "2019"})
    sheet = load_workbook(io.BytesIO(response.content))["VIP18"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("Afgesloten trajecten in de periode", "×")
    assert 21 not in [v for row in rows for v in row]
    assert 20 in [v for row in rows for v in row]
