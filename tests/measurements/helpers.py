from wegwijs.measurements.selectors import product_domains

SIX = [
    "huisvesting",
    "financien",
    "sociaal-netwerk",
    "tijdsbesteding",
    "werk-en-opleiding",
    "maatschappelijke-participatie",
]


def all_at(trajectory, level, note=""):
    return {row.domain.code: (level, note) for row in product_domains(trajectory.product)}


def measure_to_end(trajectory, actor, end_date):
    """Enter the nul- and eindmeting a product that measures needs before closing as
    completed; nothing for other products."""
    from wegwijs.measurements.selectors import instrument_of
    from wegwijs.measurements.services import record_measurement

    instrument = instrument_of(trajectory.product)
    if instrument is None:
        return
    rung = 2 if instrument.uses_ladder else None
    for kind, date in [("nul", trajectory.start_date), ("eind", end_date)]:
        record_measurement(
            trajectory=trajectory,
            kind=kind,
            date=date,
            scores=all_at(trajectory, 3),
            rung=rung,
            actor=actor,
        )
