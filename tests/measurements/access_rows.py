"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the measurement pages.

The matrix runs without data: an unknown trajectory answers 404 to those who may use the page;
tests/measurements/test_views.py walks the personas over real trajectories. The report shows
its form to coördinatoren and gemeentecontacten; its Excel export without a valid choice sends
them back to that form. tests/measurements/test_report.py covers both with data.
"""

from tests.trajectories.access_rows import COORDINATORS, UNKNOWN, WORKERS, _for

REPORTERS = COORDINATORS | {"gemeentecontact", "other_gemeentecontact"}

ROWS: dict[str, dict[str, object]] = {
    "measurements:progress": _for(WORKERS, 404),
    "measurements:record": _for(COORDINATORS, 404),
    "measurements:report": _for(REPORTERS, 200),
    "measurements:report_xlsx": _for(REPORTERS, 302),
}
URL_KWARGS: dict[str, dict[str, object]] = {
    "measurements:progress": {"public_id": UNKNOWN},
    "measurements:record": {"public_id": UNKNOWN},
}
