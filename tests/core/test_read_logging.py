"""Every request that shows a client file writes exactly one access-log entry (LOG-01), and a
404 on a URL about a person or trajectory is a security event, bursts of which the privacy
officer sees (LOG-05).

The routes come from the URL resolver: every view that declares ``reads=`` is walked with a real
object of each kind, as an in-scope user (GET and an empty POST) and as a user of another team.
"""

import datetime
import re
import types
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path, reverse

from tests.conftest import verified_login
from tests.trajectories import conftest as trajectory_fixtures
from wegwijs.clients.factories import ConsentFactory, HouseholdMemberFactory
from wegwijs.core.access import policy_for, requires
from wegwijs.core.checks import check_client_reads, iter_patterns, uuid_kwargs
from wegwijs.core.constants import PROBE_EVENT, AuditAction, AuditResult
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import plans, services
from wegwijs.trajectories.constants import AssignmentRole
from wegwijs.trajectories.models import PlanDomain

D = datetime.date

# The trajectory tests' fixtures: reference data, a signed contract, a client in Arnhem, a
# screened volunteer.
arnhem = trajectory_fixtures.arnhem
client_in_arnhem = trajectory_fixtures.client_in_arnhem
open_trajectory = trajectory_fixtures.open_trajectory
reference = trajectory_fixtures.reference
signed_contract = trajectory_fixtures.signed_contract
vrijwilliger = trajectory_fixtures.vrijwilliger
SEEN = [AuditAction.READ, AuditAction.EXPORT, AuditAction.PRINT]


def client_routes():
    """(URL name, route, policy) of every route whose view reads a client file."""
    routes = []
    for route, callback, namespace, name in iter_patterns():
        policy = policy_for(callback, namespace)
        if policy is not None and policy.reads:
            routes.append((f"{namespace}:{name}", route, policy))
    return sorted(routes, key=lambda row: row[0])


ROUTES = client_routes()
ROUTE_NAMES = [name for name, _route, _policy in ROUTES]


def test_every_page_the_issue_names_is_among_the_walked_routes():
    """A guard on the enumeration itself: it finds the pages an attack test found unlogged."""
    named = {
        "clients:household_add",
        "clients:dossier_link",
        "clients:reference_add",
        "clients:consent_add",
        "trajectories:for_person",
        "trajectories:create",
        "trajectories:close",
        "measurements:record",
    }
    assert named <= set(ROUTE_NAMES)


def test_every_route_with_a_uuid_declares_what_it_reads():
    assert check_client_reads(None) == []


@pytest.fixture
def world(open_trajectory, client_in_arnhem, coordinator, vrijwilliger):
    """One object of each kind a client URL takes, all of one client of the coördinator's team."""
    trajectory = open_trajectory("VIP18")
    asylum = open_trajectory("ASIEL:dossier")  # the sensitive notes need a VVA product
    goal = plans.add_goal(
        trajectory=trajectory,
        domain=PlanDomain.objects.filter(product=trajectory.product_id).first(),
        description="Eigen administratie bijhouden",
        agreed_on=D(2019, 4, 2),
        actor=coordinator,
    )
    assignment = services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    # In a household, so the page that takes a client out of it asks for confirmation.
    HouseholdMemberFactory(person=client_in_arnhem)
    return types.SimpleNamespace(
        person=client_in_arnhem,
        trajectory=trajectory,
        asylum=asylum,
        goal=goal,
        assignment=assignment,
        consent=ConsentFactory(person=client_in_arnhem, recorded_by=coordinator),
        item=trajectory.checklist_items.order_by("pk").first(),
    )


def kwargs_for(name, route, policy, world):
    trajectory = world.asylum if name == "trajectories:sensitive" else world.trajectory
    values = {
        "public_id": world.person.public_id if policy.reads == "person" else trajectory.public_id,
        "person_id": world.person.public_id,
        "consent_id": world.consent.public_id,
        "item_id": world.item.pk,
        "goal_id": world.goal.pk,
        "assignment_id": world.assignment.pk,
    }
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    unknown = [n for n in names if n not in values]
    assert not unknown, f"{name}: give the world fixture an object for {unknown}"
    return {n: values[n] for n in names}


def last_id():
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def request_and_collect(client, method, url):
    before = last_id()
    response = getattr(client, method)(url)
    return response, AuditEntry.objects.filter(id__gt=before)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_each_client_url_logs_one_read_per_success_and_a_probe_per_404(
    name, client, world, coordinator, other_coordinator, vrijwilliger, other_vrijwilliger
):
    _name, route, policy = next(row for row in ROUTES if row[0] == name)
    kwargs = kwargs_for(name, route, policy, world)
    url = reverse(name, kwargs=kwargs)
    # The in-scope user: the team's coördinator, or the assigned volunteer for their own pages.
    if coordinator.can(policy.capability):
        user, outsider = coordinator, other_coordinator
    else:
        user, outsider = vrijwilliger, other_vrijwilliger

    verified_login(client, user)
    statuses = []
    for method in ("get", "post"):
        response, new = request_and_collect(client, method, url)
        statuses.append(response.status_code)
        seen = new.filter(action__in=SEEN)
        if 200 <= response.status_code < 300:
            assert seen.count() == 1, f"{method.upper()} {name}: {list(seen)}"
            entry = seen.get()
            assert entry.client_id == world.person.public_id
            assert entry.actor == user and entry.result == AuditResult.OK
        else:
            assert not seen.exists(), f"{method.upper()} {name} {response.status_code}"
        assert not new.filter(event=PROBE_EVENT).exists()
    # The in-scope user really reaches the page (or is told it takes POST only).
    assert statuses[0] in (200, 405), f"GET {name}: {statuses[0]}"

    verified_login(client, outsider)
    response, new = request_and_collect(client, "post", url)
    assert response.status_code == 404
    probe = new.get()
    assert (probe.action, probe.event, probe.result) == (
        AuditAction.SECURITY,
        PROBE_EVENT,
        AuditResult.DENIED,
    )
    assert probe.object_id == str(kwargs[policy.read_from]) and probe.client_id is None
    assert probe.actor == outsider


def test_the_log_entry_names_the_trajectory_and_its_client(client, world, coordinator):
    verified_login(client, coordinator)
    response, new = request_and_collect(
        client, "get", reverse("trajectories:close", args=[world.trajectory.public_id])
    )
    assert response.status_code == 200
    entry = new.get()
    assert (entry.object_type, entry.object_id) == (
        "trajectories.trajectory",
        str(world.trajectory.public_id),
    )
    assert entry.client_id == world.person.public_id
    assert entry.event == "trajectories:close"


def test_a_print_is_not_also_logged_as_a_read(client, world, coordinator):
    verified_login(client, coordinator)
    response, new = request_and_collect(
        client, "get", reverse("trajectories:end_report", args=[world.trajectory.public_id])
    )
    assert response.status_code == 200
    assert list(new.values_list("action", flat=True)) == [AuditAction.PRINT]


def test_an_unknown_uuid_is_a_probe_too(client, coordinator):
    unknown = uuid.uuid4()
    verified_login(client, coordinator)
    response, new = request_and_collect(
        client, "get", reverse("clients:dossier_link", args=[unknown])
    )
    assert response.status_code == 404
    assert new.get().object_id == str(unknown)


def test_a_refused_page_is_no_probe(client, vrijwilliger):
    """403 (the role may not use the page) is logged as 'forbidden', not as a probe."""
    verified_login(client, vrijwilliger)
    response, new = request_and_collect(
        client, "get", reverse("clients:consent_add", args=[uuid.uuid4()])
    )
    assert response.status_code == 403
    assert not new.filter(event=PROBE_EVENT).exists()


# --- searches ---------------------------------------------------------------------------------


def test_a_client_search_is_logged_without_its_terms(client, coordinator, client_in_arnhem):
    verified_login(client, coordinator)
    response, new = request_and_collect(client, "post", reverse("clients:index"))
    assert response.status_code == 200
    assert not new.exists()  # an empty search is refused and searched nothing

    before = last_id()
    response = client.post(reverse("clients:index"), {"name": "Testpersoon"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(id__gt=before)
    assert (entry.action, entry.event, entry.fields) == (
        AuditAction.READ,
        "client_search",
        ["name"],
    )
    assert entry.object_id == "results=1" and entry.client_id is None
    assert "Testpersoon" not in entry.canonical_content()


def test_a_filtered_caseload_is_logged_as_a_search(client, world, coordinator, arnhem):
    verified_login(client, coordinator)
    response, new = request_and_collect(client, "get", reverse("trajectories:caseload"))
    assert response.status_code == 200 and not new.exists()
    response, new = request_and_collect(
        client, "get", f"{reverse('trajectories:caseload')}?municipality={arnhem.cbs_code}"
    )
    entry = new.get()
    assert (entry.event, entry.fields, entry.object_id) == (
        "caseload_search",
        ["municipality"],
        "results=2",
    )


# --- bursts on the privacy officer's page ------------------------------------------------------


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 5, tzinfo=datetime.UTC), tick=False)


def probe(client, user, times):
    verified_login(client, user)
    for _ in range(times):
        assert client.get(reverse("clients:detail", args=[uuid.uuid4()])).status_code == 404


def test_a_user_with_five_probes_in_an_hour_is_flagged(
    frozen, client, coordinator, other_coordinator, privacy_officer
):
    probe(client, other_coordinator, 5)
    probe(client, coordinator, 4)
    verified_login(client, privacy_officer)
    response = client.get(reverse("core:audit_log"))
    bursts = response.context["bursts"]
    assert [(b["actor"], b["probes"]) for b in bursts] == [(other_coordinator.pk, 5)]
    body = response.content.decode()
    assert other_coordinator.full_name in body.split('id="bursts-title"')[1].split("</section>")[0]


def test_probes_spread_over_hours_are_not_a_burst(
    time_machine, client, coordinator, privacy_officer
):
    start = datetime.datetime(2026, 6, 15, 8, 30, tzinfo=datetime.UTC)
    for hour in range(3):
        time_machine.move_to(start + datetime.timedelta(hours=hour), tick=False)
        probe(client, coordinator, 3)
    verified_login(client, privacy_officer)
    assert client.get(reverse("core:audit_log")).context["bursts"] == []


def test_the_burst_panel_takes_the_same_queries_for_more_users(
    frozen, client, privacy_officer, team, django_assert_num_queries, django_assert_max_num_queries
):
    from wegwijs.accounts.factories import UserFactory

    def add_prober(n):
        probe(client, UserFactory(coordinator=True, teams=[team], email=f"p{n}@example.org"), 5)

    add_prober(1)
    verified_login(client, privacy_officer)
    with django_assert_max_num_queries(40) as small:
        assert len(client.get(reverse("core:audit_log")).context["bursts"]) == 1
    count = len(small)  # now: each request empties Django's query log
    for n in range(2, 6):
        add_prober(n)
    verified_login(client, privacy_officer)
    with django_assert_num_queries(count):
        assert len(client.get(reverse("core:audit_log")).context["bursts"]) == 5


# --- the declaration cannot be forgotten -------------------------------------------------------


@requires("clients.view")
def undeclared(request, public_id):
    raise AssertionError("never called")


@requires("clients.view", reads="persoon")
def unknown_kind(request, public_id):
    raise AssertionError("never called")


@requires("clients.view", reads="person", read_from="person_id")
def wrong_kwarg(request, public_id):
    raise AssertionError("never called")


urlpatterns = [
    path("a/<uuid:public_id>/", undeclared, name="undeclared"),
    path("b/<uuid:public_id>/", unknown_kind, name="unknown_kind"),
    path("c/<uuid:public_id>/", wrong_kwarg, name="wrong_kwarg"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_uuid_route_without_a_read_declaration_fails_the_check():
    errors = {(e.id, e.obj.__name__) for e in check_client_reads(None)}
    assert errors == {
        ("wegwijs.E002", "undeclared"),
        ("wegwijs.E003", "unknown_kind"),
        ("wegwijs.E003", "wrong_kwarg"),
    }


def test_reading_nothing_needs_a_reason():
    with pytest.raises(ImproperlyConfigured):
        requires("contracts.view", reads=None)
    assert requires("contracts.view", reads=None, because="no client")(lambda r: None)


def test_uuid_kwargs_are_read_from_the_route():
    assert uuid_kwargs("x/<uuid:public_id>/y/<int:n>/<uuid:consent_id>/") == [
        "public_id",
        "consent_id",
    ]
