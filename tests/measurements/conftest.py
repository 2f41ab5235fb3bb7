from tests.measurements.test_report import (  # noqa: F401 - the report's scenario
    scenario,
    zwolle,
    zwolle_vip18_line,
)
from tests.trajectories.conftest import (  # noqa: F401 - fixtures shared with trajectories
    arnhem,
    client_in_arnhem,
    open_trajectory,
    reference,
    signed_contract,
    vrijwilliger,
)
