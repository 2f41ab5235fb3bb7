"""The volunteer's own view, built for a phone ("Mijn werk"), and registering hours.

Mijn werk shows a volunteer their current clients as cards (what is due, the last contact
moment, a short form to log a contact moment) and their hours of the month; nothing more.
Trajectories are read only through ``Trajectory.objects.visible_to``; like the caseload and the
deadlines, this list page writes no access-log entry per client shown (opening a trajectory
from it does). The page takes a fixed number of queries whatever the number of clients.

Coördinatoren register their (professional) hours on ``trajectories:hours``; both pages share
the hours section (``trajectories/hours_section.html``).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.core.periods import add_months
from wegwijs.trajectories import hours, selectors, services
from wegwijs.trajectories.forms import ContactMomentForm
from wegwijs.trajectories.models import (
    Assignment,
    ChecklistItem,
    ContactMoment,
    TimeEntry,
    Trajectory,
)
from wegwijs.trajectories.volunteer_forms import HoursForm

END_WITHIN_DAYS = 30


@dataclass
class Card:
    """One client of the volunteer, as Mijn werk shows it."""

    trajectory: Trajectory
    roles: list[str]
    since: datetime.date
    due: list[ChecklistItem]
    end_soon: bool
    regime_missing: bool
    form: ContactMomentForm


def _contact_prefix(trajectory: Trajectory) -> str:
    return f"contact-{trajectory.public_id}"


def work_cards(user, *, today: datetime.date, bound: dict | None = None) -> list[Card]:
    """The open trajectories ``user`` is assigned to now, with their roles, the open checklist
    items overdue or due soon (``selectors.due_items``, as on the deadlines page), whether
    the planned end is within 30 days and whether the client's civic-integration regime is
    still to be recorded: three queries whatever the number of trajectories.
    ``bound`` maps a trajectory's pk to a bound contact form to show instead of an empty one."""
    mine = Assignment.objects.current(on=today).filter(volunteer=user).order_by("started_on", "pk")
    last_contact = (
        ContactMoment.objects.filter(trajectory=OuterRef("pk")).order_by("-date").values("date")
    )
    trajectories = list(
        Trajectory.objects.visible_to(user)
        .open()
        .select_related("person", "product")
        .annotate(last_contact=Subquery(last_contact[:1]))
        .with_regime_missing()
        .prefetch_related(Prefetch("assignments", queryset=mine, to_attr="my_assignments"))
        .order_by("person__family_name", "person__given_names", "pk")
    )
    due: dict[int, list[ChecklistItem]] = {t.pk: [] for t in trajectories}
    if trajectories:
        # The same trajectories (visible, open), so every item finds its card.
        for item in selectors.due_items(user, today=today):
            due[item.trajectory_id].append(item)
    end_limit = today + datetime.timedelta(days=END_WITHIN_DAYS)
    bound = bound or {}
    return [
        Card(
            trajectory=t,
            roles=[a.get_role_display() for a in t.my_assignments],
            since=min((a.started_on for a in t.my_assignments), default=t.start_date),
            due=due[t.pk],
            end_soon=t.planned_end_date is not None and t.planned_end_date <= end_limit,
            regime_missing=t.regime_missing,
            form=bound.get(t.pk) or ContactMomentForm(prefix=_contact_prefix(t)),
        )
        for t in trajectories
    ]


def _month_asked(request, today: datetime.date) -> datetime.date:
    """The month of ``?maand=YYYY-MM`` when it is a month up to this one, else this month."""
    try:
        asked = datetime.datetime.strptime(request.GET.get("maand", ""), "%Y-%m").date()
    except ValueError:
        return hours.month_start(today)
    return asked if asked <= today else hours.month_start(today)


def _hours_context(request, *, today: datetime.date, form: HoursForm | None = None) -> dict:
    """The hours section: the form, the month's entries with their totals per capacity (never
    added together) and which entries can still be undone. Two queries for the list, plus the
    form's client choices."""
    user = request.user
    month = _month_asked(request, today)
    registered = hours.entries_in_month(user, month)
    # A client's name shows only while the user still sees the trajectory.
    visible = set(
        Trajectory.objects.visible_to(user)
        .filter(pk__in={e.trajectory_id for e in registered.entries if e.trajectory_id})
        .values_list("pk", flat=True)
    )
    deletable_from = hours.deletable_from(today)
    rows = [
        {
            "entry": entry,
            "duration": hours.as_hours(entry.minutes),
            "client": entry.trajectory.person.full_name if entry.trajectory_id in visible else "",
            "product": entry.trajectory.product.name if entry.trajectory_id else "",
            "deletable": entry.date >= deletable_from,
        }
        for entry in registered.entries
    ]
    previous = add_months(month, -1)
    return {
        "hours_form": form or HoursForm(user=user),
        "hours_month": month,
        "hours_rows": rows,
        "hours_totals": registered.total_rows,
        "hours_capacity": hours.CAPACITY_OF_ROLE.get(user.role),
        "previous_month": previous.strftime("%Y-%m") if previous >= deletable_from else "",
        "is_this_month": month == hours.month_start(today),
    }


def _render(request, *, bound_contact=None, hours_form=None):
    """The page where ``request.user`` registers hours: a volunteer's Mijn werk (with the
    client cards), a coördinator's hours page."""
    today = timezone.localdate()
    context = {
        "hours_home": _hours_home(request),
        **_hours_context(request, today=today, form=hours_form),
    }
    if not request.user.can("volunteers.own_work"):
        return render(request, "trajectories/hours.html", context)
    context["cards"] = work_cards(request.user, today=today, bound=bound_contact)
    context["today"] = today
    return render(request, "trajectories/my_work.html", context)


def _hours_home(request) -> str:
    """The address of that page."""
    return reverse(
        "trajectories:my_work" if request.user.can("volunteers.own_work") else "trajectories:hours"
    )


@requires("volunteers.own_work")
def my_work(request):
    return _render(request)


@require_POST
@requires("volunteers.own_work", reads="trajectory")
def my_work_contact(request, public_id):
    """Log a contact moment from a card of Mijn werk; back to Mijn werk with a message, or
    the page again with the form and its errors when nothing was saved."""
    trajectory = get_object_or_404(
        Trajectory.objects.visible_to(request.user).select_related("person"),
        public_id=public_id,
    )
    form = ContactMomentForm(request.POST, prefix=_contact_prefix(trajectory))
    if form.is_valid():
        try:
            services.record_contact(
                trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The contact moment has been saved."))
            return redirect("trajectories:my_work")
    messages.error(request, _("The contact moment has not been saved; see the form."))
    return _render(request, bound_contact={trajectory.pk: form})


@requires("hours.record")
def hours_page(request):
    """A coördinator's hours; a volunteer has theirs on Mijn werk."""
    if request.user.can("volunteers.own_work"):
        return redirect(f"{reverse('trajectories:my_work')}#uren")
    return _render(request)


@require_POST
@requires("hours.record")
def hours_add(request):
    form = HoursForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            hours.record_hours(
                by=request.user,
                date=data["date"],
                minutes=data["hours"],
                activity=data["activity"],
                trajectory=data["trajectory"],
                note=data["note"],
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(time)s hours registered.") % {"time": hours.as_hours(data["hours"])},
            )
            return redirect(f"{_hours_home(request)}#uren")
    messages.error(request, _("The hours have not been saved; see the form."))
    return _render(request, hours_form=form)


@require_POST
@requires("hours.record")
def hours_delete(request, entry_id):
    # Someone else's entry is a 404: nobody learns whose entries exist.
    entry = get_object_or_404(TimeEntry, pk=entry_id, by=request.user)
    month = entry.date.strftime("%Y-%m")
    try:
        hours.delete_hours(entry, request.user, request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The hours have been deleted."))
    return redirect(f"{_hours_home(request)}?maand={month}#uren")
