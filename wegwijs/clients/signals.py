"""Signals of the client registry, for the apps above it (docs/architecture.md: dependencies
point downward, so this app tells others about a change instead of calling them)."""

import django.dispatch

# The person's dates and regime that derived deadlines count from (the trajectories' checklist
# anchors and the regime-bound items).
KEY_DATE_FIELDS = (
    "arrived_on",
    "settled_on",
    "permit_start",
    "permit_granted_on",
    "inburgering_regime",
)

# Sent by ``services.update_person`` after the person is saved, inside the same transaction,
# when any of ``KEY_DATE_FIELDS`` changed. A receiver that fails undoes the whole change, so
# the person and what is derived from their dates never disagree. Arguments: ``person`` (as
# saved), ``fields`` (the names of the changed key fields), ``actor``, ``request``.
person_key_dates_changed = django.dispatch.Signal()
