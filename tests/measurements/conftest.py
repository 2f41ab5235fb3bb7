from tests.trajectories.conftest import (  # noqa: F401 - fixtures shared with trajectories
    arnhem,
    client_in_arnhem,
    open_trajectory,
    reference,
    signed_contract,
    vrijwilliger,
)
