"""Rules of the cards the checklist follows (issue 12, points 1-4): deadlines derived from the
client's dates and regime follow every change of them, counted from the date the card or the
law names."""

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.conftest import verified_login
from wegwijs.clients import services as client_services
from wegwijs.clients.constants import InburgeringRegime
from wegwijs.clients.factories import PersonFactory
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import selectors, services
from wegwijs.trajectories.models import ItemTemplate

D = datetime.date
UNKNOWN = InburgeringRegime.UNKNOWN


def items(trajectory):
    return {item.template.code: item for item in trajectory.checklist_items.all()}


def change(person, actor, **data):
    """Change the client through the service, as the client page does."""
    person.refresh_from_db()
    changed = client_services.update_person(
        person=person, data=data, expected_version=person.version, actor=actor
    )
    person.refresh_from_db()
    return changed


@pytest.fixture
def newcomer(arnhem):
    """A new client as the registration leaves them: regime unknown (the default)."""
    return PersonFactory(
        municipality=arnhem,
        date_of_birth=D(1995, 1, 1),
        arrived_on=D(2018, 9, 1),
        settled_on=D(2019, 3, 15),
        inburgering_regime=UNKNOWN,
    )


# --- 1. the inburgering choice deadline follows the client's dates and regime ---------------


@pytest.mark.parametrize(("product", "due"), [("VIP18", D(2019, 5, 15)), ("VI8", D(2019, 5, 15))])
def test_recording_wi2013_later_creates_the_choice_deadline(
    open_trajectory, newcomer, coordinator, product, due
):
    trajectory = open_trajectory(product, person=newcomer)
    assert "inburgering-keuze" not in items(trajectory)

    change(newcomer, coordinator, inburgering_regime=InburgeringRegime.WI2013)

    assert items(trajectory)["inburgering-keuze"].due_date == due
    entry = AuditEntry.objects.filter(
        object_id=str(trajectory.public_id), action=AuditAction.UPDATE
    ).get()
    assert entry.fields == ["checklist:inburgering-keuze"]
    assert entry.actor == coordinator and entry.client_id == newcomer.public_id


@pytest.mark.parametrize(
    ("product", "settled", "due"),
    [
        ("VIP18", D(2019, 4, 30), D(2019, 6, 30)),
        ("VI8", D(2019, 4, 30), D(2019, 6, 30)),
        ("VIPJ", D(2019, 4, 30), D(2019, 5, 30)),
    ],
)
def test_correcting_the_settlement_date_moves_the_choice_deadline(
    open_trajectory, client_in_arnhem, coordinator, product, settled, due
):
    change(client_in_arnhem, coordinator, settled_on=D(2019, 5, 10))
    trajectory = open_trajectory(product)
    assert items(trajectory)["inburgering-keuze"].due_date == D(
        2019, 7 if product != "VIPJ" else 6, 10
    )

    change(client_in_arnhem, coordinator, settled_on=settled)

    assert items(trajectory)["inburgering-keuze"].due_date == due


@pytest.mark.parametrize(
    ("product", "settled", "due"),
    [
        ("VIP18", D(2019, 12, 31), D(2020, 2, 29)),  # two months, into a leap February
        ("VIP18", D(2020, 12, 31), D(2021, 2, 28)),
        ("VIPJ", D(2020, 1, 31), D(2020, 2, 29)),  # one month
        ("VIPJ", D(2019, 1, 31), D(2019, 2, 28)),
        ("VI8", D(2019, 8, 31), D(2019, 10, 31)),
    ],
)
def test_the_choice_deadline_falls_back_to_the_last_day_of_a_shorter_month(
    open_trajectory, client_in_arnhem, coordinator, product, settled, due
):
    trajectory = open_trajectory(product)
    change(client_in_arnhem, coordinator, settled_on=settled)
    assert items(trajectory)["inburgering-keuze"].due_date == due


def test_a_regime_change_swaps_the_choice_for_the_pip(
    open_trajectory, client_in_arnhem, coordinator
):
    trajectory = open_trajectory("VIP18")
    assert "inburgering-keuze" in items(trajectory)
    change(client_in_arnhem, coordinator, inburgering_regime=InburgeringRegime.WI2021)
    codes = items(trajectory)
    assert "inburgering-keuze" not in codes and "pip" in codes


def test_closed_trajectories_and_done_items_keep_their_dates(
    open_trajectory, client_in_arnhem, coordinator
):
    closed = open_trajectory("VI8", start=D(2019, 4, 1))
    services.close_trajectory(
        trajectory=closed, end_date=D(2019, 5, 1), reason="verhuisd", actor=coordinator
    )
    running = open_trajectory("VIP18", start=D(2019, 5, 2))
    done = items(running)["inburgering-keuze"]
    services.mark_item_done(item=done, done_on=D(2019, 5, 3), actor=coordinator)

    entries_before = AuditEntry.objects.count()

    change(client_in_arnhem, coordinator, settled_on=D(2019, 4, 1))

    assert items(closed)["inburgering-keuze"].due_date == D(2019, 5, 15)
    done.refresh_from_db()
    assert (done.due_date, done.done_on) == (D(2019, 5, 15), D(2019, 5, 3))
    # The client's change only: neither trajectory's checklist changed.
    assert AuditEntry.objects.count() == entries_before + 1


def test_an_item_already_done_keeps_its_due_date_when_its_anchor_moves(
    open_trajectory, coordinator
):
    trajectory = open_trajectory("UHHV")
    services.set_housing_dates(
        trajectory=trajectory, key_date=D(2019, 5, 1), arrival_date=None, actor=coordinator
    )
    done = items(trajectory)["huurcontract"]
    services.mark_item_done(item=done, done_on=D(2019, 5, 2), actor=coordinator)

    services.set_housing_dates(
        trajectory=trajectory, key_date=D(2019, 6, 1), arrival_date=None, actor=coordinator
    )

    done.refresh_from_db()
    assert done.due_date == D(2019, 5, 1)
    assert items(trajectory)["brp"].due_date == D(2019, 6, 8)  # open items do follow


def test_a_change_that_fails_leaves_the_due_dates_as_they_were(
    open_trajectory, client_in_arnhem, coordinator, monkeypatch
):
    trajectory = open_trajectory("VIP18")

    def broken(*args, **kwargs):
        services.sync_checklist(trajectory=trajectory)
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "audit", type("A", (), {"record": staticmethod(broken)}))
    with pytest.raises(RuntimeError):
        change(client_in_arnhem, coordinator, settled_on=D(2019, 4, 30))
    client_in_arnhem.refresh_from_db()
    assert client_in_arnhem.settled_on == D(2019, 3, 15)
    assert items(trajectory)["inburgering-keuze"].due_date == D(2019, 5, 15)


def test_a_trajectory_without_a_known_regime_is_a_todo_on_the_work_lists(
    client, open_trajectory, newcomer, coordinator
):
    missing = open_trajectory("VIP18", person=newcomer)
    open_trajectory("GH", person=newcomer)  # no regime-bound items: nothing to record
    assert list(selectors.regime_missing(coordinator)) == [missing]

    verified_login(client, coordinator)
    body = client.get(reverse("trajectories:deadlines")).content.decode()
    assert _("Civic integration regime to record") in body
    assert reverse("trajectories:detail", args=[missing.public_id]) in body
    page = client.get(reverse("trajectories:detail", args=[missing.public_id])).content.decode()
    assert "message message-warning" in page

    change(newcomer, coordinator, inburgering_regime=InburgeringRegime.NOT_OBLIGED)
    assert not selectors.regime_missing(coordinator).exists()
    body = client.get(reverse("trajectories:deadlines")).content.decode()
    assert _("Every client's regime is recorded.") in body


def test_the_deadlines_page_takes_a_fixed_number_of_queries_with_missing_regimes(
    client, open_trajectory, arnhem, coordinator, django_assert_max_num_queries
):
    def unknown_regime_clients(count):
        for _index in range(count):
            person = PersonFactory(
                municipality=arnhem, date_of_birth=D(1995, 1, 1), inburgering_regime=UNKNOWN
            )
            open_trajectory("VIP18", person=person)

    verified_login(client, coordinator)
    url = reverse("trajectories:deadlines")
    unknown_regime_clients(1)
    client.get(url)  # warm up session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    unknown_regime_clients(3)
    with django_assert_max_num_queries(len(one)):
        body = client.get(url).content.decode()
    assert len(selectors.regime_missing(coordinator)) == 4
    assert body.count("/trajecten/") >= 4


def test_mijn_werk_shows_the_missing_regime_on_the_card(
    client, open_trajectory, newcomer, coordinator, vrijwilliger
):
    trajectory = open_trajectory("VI8", person=newcomer)
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role="coach", actor=coordinator
    )
    verified_login(client, vrijwilliger)
    body = client.get(reverse("trajectories:my_work")).content.decode()
    assert (
        _(
            "Civic integration regime unknown: the inburgering choice or the PIP has no deadline "
            "until the coordinator records it."
        )
        in body
    )


# --- 2. nareis: three months after the permit is granted ------------------------------------


def test_nareis_deadline_counts_from_the_decision_on_the_permit(
    open_trajectory, client_in_arnhem, coordinator
):
    change(client_in_arnhem, coordinator, permit_start=D(2018, 6, 1))
    trajectory = open_trajectory("GH")
    # Valid from the asylum application, but not granted yet as far as Wegwijs knows.
    assert items(trajectory)["aanvraag-nareis"].due_date is None

    change(client_in_arnhem, coordinator, permit_granted_on=D(2019, 1, 15))

    assert items(trajectory)["aanvraag-nareis"].due_date == D(2019, 4, 15)


# --- 3. VIP Jongeren: the settlement checklist within 8 months of settlement ----------------


def test_vip_jongeren_settlement_checklist_is_due_eight_months_after_settlement(
    open_trajectory, client_in_arnhem, coordinator
):
    change(client_in_arnhem, coordinator, settled_on=D(2019, 2, 15))
    trajectory = open_trajectory("VIPJ", start=D(2019, 4, 1))
    codes = items(trajectory)
    vestiging = [code for code in codes if code.startswith("vestiging-")]
    assert len(vestiging) == 4
    assert {codes[code].due_date for code in vestiging} == {D(2019, 10, 15)}


# --- 4. the PIP has no due date -------------------------------------------------------------


@pytest.mark.parametrize("product", ["VIP18", "VIPJ", "VI8"])
def test_the_pip_under_the_2021_law_has_no_due_date(
    client, open_trajectory, client_in_arnhem, coordinator, product
):
    change(client_in_arnhem, coordinator, inburgering_regime=InburgeringRegime.WI2021)
    trajectory = open_trajectory(product)
    pip = items(trajectory)["pip"]
    assert pip.due_date is None and not pip.template.has_due_date
    assert pip not in selectors.due_items(coordinator, today=D(2030, 1, 1))

    verified_login(client, coordinator)
    page = client.get(reverse("trajectories:detail", args=[trajectory.public_id]))
    assert _("no due date: no source gives a term for it") in page.content.decode()


# --- the migration that brings existing templates to these rules ----------------------------


def test_the_migration_moves_shipped_templates_and_their_open_items_only(
    open_trajectory, client_in_arnhem, coordinator
):
    from django.apps import apps

    migration = importlib.import_module(
        "wegwijs.trajectories.migrations.0005_checklist_anchors_from_the_cards"
    )
    vestiging = ItemTemplate.objects.filter(product__code="VIPJ", code__startswith="vestiging-")
    vestiging.update(anchor="start")
    edited = vestiging.get(code="vestiging-netwerk")
    edited.offset_months = 6  # the beheerder's own rule
    edited.save()
    trajectory = open_trajectory("VIPJ", start=D(2019, 4, 1))
    assert items(trajectory)["vestiging-wonen"].due_date == D(2019, 12, 1)

    migration.forwards(apps, None)

    codes = items(trajectory)
    assert codes["vestiging-wonen"].due_date == D(2019, 11, 15)  # settled 15 March + 8
    assert codes["vestiging-wonen"].template.anchor == "settled_on"
    edited.refresh_from_db()
    assert (edited.anchor, codes["vestiging-netwerk"].due_date) == ("start", D(2019, 10, 1))

    migration.backwards(apps, None)
    assert items(trajectory)["vestiging-wonen"].due_date == D(2019, 12, 1)
