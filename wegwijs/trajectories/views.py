"""Trajectory pages. Every trajectory is fetched through ``visible_to`` (out of scope: 404),
every read of one is logged with its client by ``core.access`` (``reads="trajectory"``,
LOG-01), and every change goes through a service."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.clients.models import Person
from wegwijs.core import audit
from wegwijs.core.access import requires
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.trajectories import eligibility, plans, selectors, services
from wegwijs.trajectories.constants import NEXT_STATUS, Anchor, GoalStatus, SensitiveKind
from wegwijs.trajectories.forms import (
    AdvanceForm,
    AssignForm,
    CaseloadFilterForm,
    CloseForm,
    ContactMomentForm,
    EvaluationForm,
    GoalForm,
    GoalResultForm,
    HousingDatesForm,
    IntakeForm,
    ItemDoneForm,
    OutcomeForm,
    PhaseForm,
    SensitiveNoteForm,
)
from wegwijs.trajectories.models import (
    Assignment,
    ChecklistItem,
    PlanDomain,
    PlanGoal,
    SensitiveNote,
    Trajectory,
)
from wegwijs.trajectories.phases import phases_of


def _posted(request):
    return request.POST if request.method == "POST" else None


def _visible(request, public_id) -> Trajectory:
    return get_object_or_404(
        Trajectory.objects.visible_to(request.user).select_related(
            "person", "person__municipality", "product", "tariff", "responsible"
        ),
        public_id=public_id,
    )


@requires("trajectories.view")
def caseload(request):
    form = CaseloadFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    trajectories = selectors.caseload(
        request.user,
        product=filters.get("product"),
        municipality=filters.get("municipality"),
        status=filters.get("status") or None,
        phase=filters.get("phase") or None,
        sort=filters.get("sort") or "end",
    )
    page = Paginator(trajectories, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    used = [name for name in ("product", "municipality", "status", "phase") if filters.get(name)]
    if used:
        # A filtered caseload is a search over client files (LOG-01): which filters, how many.
        audit.search_done(
            request,
            event="caseload_search",
            object_type="trajectories.trajectory",
            criteria=used,
            results=page.paginator.count,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "trajectories/caseload.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@requires("trajectories.view")
def deadlines(request):
    # Lazy: measurements imports trajectories.
    from wegwijs.measurements.selectors import due_measurements

    items = selectors.due_items(request.user)[:200]
    overdue_ends = selectors.past_planned_end(request.user)[:100]
    return render(
        request,
        "trajectories/deadlines.html",
        {
            "items": items,
            "overdue_ends": overdue_ends,
            "regime_missing": selectors.regime_missing(request.user)[:100],
            "measurements_due": due_measurements(request.user)[:100],
            "today": timezone.localdate(),
        },
    )


@requires("trajectories.view", reads="person", read_from="person_id")
def for_person(request, person_id):
    """The trajectories of one client that the user may see; a fragment when HTMX asks."""
    person = get_object_or_404(Person.objects.visible_to(request.user), public_id=person_id)
    trajectories = (
        Trajectory.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("product", "responsible")
        .order_by("-start_date", "-pk")
    )
    template = (
        "trajectories/partials/for_person.html"
        if request.headers.get("HX-Request")
        else "trajectories/for_person.html"
    )
    return render(
        request,
        template,
        {
            "person": person,
            "trajectories": trajectories,
            "can_manage": request.user.can("trajectories.manage"),
        },
    )


@requires("trajectories.manage", reads="person", read_from="person_id")
def create(request, person_id):
    person = get_object_or_404(Person.objects.visible_to(request.user), public_id=person_id)
    form = IntakeForm(_posted(request), person=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trajectory = services.open_trajectory(
                person=person,
                contract_line=data["contract_line"],
                start_date=data["start_date"],
                responsible=data["responsible"],
                household=data["household"],
                ind_dossier=data["ind_dossier"],
                resettled=data["resettled"],
                override_reason=data["override_reason"],
                beyond_quantity_confirmed=data["beyond_quantity_confirmed"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            field = "beyond_quantity_confirmed" if error.code == "quantity_used_up" else None
            form.add_error(field, str(error))
        else:
            messages.success(request, _("The trajectory has been registered."))
            return redirect("trajectories:detail", public_id=trajectory.public_id)
    line = form.fields["contract_line"].queryset.first()
    return render(
        request,
        "trajectories/create.html",
        {
            "form": form,
            "person": person,
            "has_lines": line is not None,
            "to_verify": _rules_to_verify(form),
        },
    )


def _rules_to_verify(form):
    """Target-group rules of the offered products that the worker checks by hand."""
    seen, rules = set(), []
    for line in form.fields["contract_line"].queryset:
        product = line.tariff.product
        if product.pk in seen:
            continue
        seen.add(product.pk)
        unchecked = eligibility.unchecked_rules(product)
        if unchecked:
            rules.append((product, unchecked))
    return rules


@requires("trajectories.view", reads="trajectory")
def detail(request, public_id):
    trajectory = _visible(request, public_id)
    can_manage = request.user.can("trajectories.manage")
    can_change = can_manage and not trajectory.is_closed
    phases = phases_of(trajectory.product)
    plan = selectors.plan_of(trajectory)
    domains = [domain for domain, _goals in plan if domain is not None]
    outcome, outcome_fields, outcome_rows = selectors.outcome_rows(trajectory)
    # Lazy: measurements imports trajectories.
    from wegwijs.measurements.selectors import schedule_for

    return render(
        request,
        "trajectories/detail.html",
        {
            "trajectory": trajectory,
            "phases": phases,
            "phase_changes": trajectory.phase_changes.select_related("changed_by"),
            "phase_form": PhaseForm(phases=phases, current=trajectory.current_phase)
            if can_change and phases
            else None,
            "plan": plan,
            "goal_form": GoalForm(domains=domains, prefix="goal") if can_change else None,
            "goal_statuses": GoalStatus.choices,
            "evaluations": trajectory.evaluations.select_related("by"),
            "evaluation_form": EvaluationForm(prefix="evaluation") if can_change else None,
            "outcome_rows": outcome_rows,
            "measurement_schedule": schedule_for(trajectory),
            "outcome_form": OutcomeForm(
                field_names=outcome_fields,
                initial={name: getattr(outcome, name) for name in outcome_fields}
                if outcome
                else None,
            )
            if can_manage and outcome_fields
            else None,
            "items": trajectory.checklist_items.select_related("template", "done_by"),
            "regime_missing": not trajectory.is_closed
            and Trajectory.objects.with_regime_missing()
            .filter(pk=trajectory.pk, regime_missing=True)
            .exists(),
            "contacts": trajectory.contact_moments.select_related("by")[:50],
            "assignments": trajectory.assignments.current().select_related("volunteer"),
            "status_changes": trajectory.status_changes.select_related("changed_by"),
            "can_manage": can_manage,
            "can_change": can_change,
            "can_record": request.user.can("trajectories.record") and not trajectory.is_closed,
            "can_read_sensitive": trajectory.product.uses_vva
            and SensitiveNote.readable_by(trajectory, request.user),
            "contact_form": ContactMomentForm(),
            "item_form": ItemDoneForm(),
            "advance_form": AdvanceForm(initial={"version": trajectory.version}),
            "next_status": NEXT_STATUS.get(trajectory.status),
            "close_form": CloseForm(trajectory=trajectory) if can_manage else None,
            "assign_form": AssignForm(trajectory=trajectory) if can_manage else None,
            "today": timezone.localdate(),
            "can_see_client": Person.objects.visible_to(request.user)
            .filter(pk=trajectory.person_id)
            .exists(),
            "has_housing_dates": trajectory.product.item_templates.filter(
                anchor__in=[Anchor.KEY_DATE, Anchor.ARRIVAL]
            ).exists(),
            "housing_form": HousingDatesForm(
                initial={"key_date": trajectory.key_date, "arrival_date": trajectory.arrival_date}
            ),
        },
    )


def _back(trajectory):
    return redirect("trajectories:detail", public_id=trajectory.public_id)


def _run(request, trajectory, action, success):
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(trajectory)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _submit(request, trajectory, form, action, success):
    """The small forms of the trajectory page: an invalid form or a refused change comes
    back as a message on the page, a saved one with ``success``."""
    if not form.is_valid():
        _form_errors(request, form)
        return _back(trajectory)
    return _run(request, trajectory, action, success)


@require_POST
@requires("trajectories.manage", reads="trajectory")
def advance(request, public_id):
    trajectory = _visible(request, public_id)
    form = AdvanceForm(request.POST)
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.advance_trajectory(
            trajectory=trajectory,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
        ),
        _("The status has been changed."),
    )


@requires("trajectories.manage", reads="trajectory")
def close(request, public_id):
    trajectory = _visible(request, public_id)
    form = CloseForm(_posted(request), trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_trajectory(
                trajectory=trajectory,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                confirmed_open_goals=form.cleaned_data["confirmed_open_goals"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            field = "confirmed_open_goals" if error.code == "open_goals" else None
            form.add_error(field, str(error))
        else:
            messages.success(request, _("The trajectory has been closed."))
            return _back(trajectory)
    return render(request, "trajectories/close.html", {"form": form, "trajectory": trajectory})


@require_POST
@requires("trajectories.record", reads="trajectory")
def contact_add(request, public_id):
    trajectory = _visible(request, public_id)
    form = ContactMomentForm(request.POST)
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.record_contact(
            trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
        ),
        _("The contact moment has been saved."),
    )


@require_POST
@requires("trajectories.record", reads="trajectory")
def item_done(request, public_id, item_id):
    trajectory = _visible(request, public_id)
    item = get_object_or_404(ChecklistItem, trajectory=trajectory, pk=item_id)
    form = ItemDoneForm(request.POST)
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.mark_item_done(
            item=item, done_on=form.cleaned_data["done_on"], actor=request.user, request=request
        ),
        _("Marked as done."),
    )


@require_POST
@requires("trajectories.record", reads="trajectory")
def item_reopen(request, public_id, item_id):
    trajectory = _visible(request, public_id)
    item = get_object_or_404(ChecklistItem, trajectory=trajectory, pk=item_id)
    return _run(
        request,
        trajectory,
        lambda: services.reopen_item(item=item, actor=request.user, request=request),
        _("Marked as not done."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def housing_dates(request, public_id):
    trajectory = _visible(request, public_id)
    form = HousingDatesForm(request.POST)
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.set_housing_dates(
            trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
        ),
        _("The dates have been saved; the checklist follows them."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def assign(request, public_id):
    trajectory = _visible(request, public_id)
    form = AssignForm(request.POST, trajectory=trajectory)
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.assign_volunteer(
            trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
        ),
        _("The volunteer has been assigned."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def assignment_end(request, public_id, assignment_id):
    trajectory = _visible(request, public_id)
    assignment = get_object_or_404(
        Assignment.objects.current(), trajectory=trajectory, pk=assignment_id
    )
    return _run(
        request,
        trajectory,
        lambda: services.end_assignment(assignment=assignment, actor=request.user, request=request),
        _("The assignment has ended."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def phase(request, public_id):
    trajectory = _visible(request, public_id)
    form = PhaseForm(request.POST, phases=phases_of(trajectory.product))
    return _submit(
        request,
        trajectory,
        form,
        lambda: services.set_phase(
            trajectory=trajectory,
            phase=form.cleaned_data["phase"],
            actor=request.user,
            request=request,
        ),
        _("The phase has been changed."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def goal_add(request, public_id):
    trajectory = _visible(request, public_id)
    domains = list(PlanDomain.objects.filter(product=trajectory.product_id))
    form = GoalForm(request.POST, domains=domains, prefix="goal")
    return _submit(
        request,
        trajectory,
        form,
        lambda: plans.add_goal(
            trajectory=trajectory,
            domain=form.cleaned_data.get("domain"),
            description=form.cleaned_data["description"],
            agreed_on=form.cleaned_data["agreed_on"],
            actor=request.user,
            request=request,
        ),
        _("The goal has been added to the plan."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def goal_result(request, public_id, goal_id):
    trajectory = _visible(request, public_id)
    goal = get_object_or_404(PlanGoal, trajectory=trajectory, pk=goal_id)
    form = GoalResultForm(request.POST)
    return _submit(
        request,
        trajectory,
        form,
        lambda: plans.update_goal_result(
            goal=goal, actor=request.user, request=request, **form.cleaned_data
        ),
        _("The result of the goal has been saved."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def evaluation_add(request, public_id):
    trajectory = _visible(request, public_id)
    form = EvaluationForm(request.POST, prefix="evaluation")
    return _submit(
        request,
        trajectory,
        form,
        lambda: plans.add_evaluation(
            trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
        ),
        _("The evaluation has been saved."),
    )


@require_POST
@requires("trajectories.manage", reads="trajectory")
def outcome(request, public_id):
    trajectory = _visible(request, public_id)
    form = OutcomeForm(request.POST, field_names=plans.outcome_fields_of(trajectory.product))
    return _submit(
        request,
        trajectory,
        form,
        lambda: plans.save_outcome(
            trajectory=trajectory,
            values=form.cleaned_data,
            actor=request.user,
            request=request,
        ),
        _("The outcomes have been saved."),
    )


@requires("trajectories.view", reads="trajectory")
def sensitive(request, public_id):
    """The VluchtVerhaalAnalyse and legal action plan: only for the responsible coördinator and
    the assigned legal volunteer of an asylum product; 404 for everyone else."""
    trajectory = _visible(request, public_id)
    if not trajectory.product.uses_vva or not SensitiveNote.readable_by(trajectory, request.user):
        raise Http404
    if request.method == "POST":
        form = SensitiveNoteForm(request.POST)
        if form.is_valid():
            try:
                services.save_sensitive_note(
                    trajectory=trajectory, actor=request.user, request=request, **form.cleaned_data
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The note has been saved."))
                return redirect("trajectories:sensitive", public_id=trajectory.public_id)
        else:
            _form_errors(request, form)
    notes = services.read_sensitive_notes(
        trajectory=trajectory, actor=request.user, request=request
    )
    sections = [(kind, label, notes.get(kind)) for kind, label in SensitiveKind.choices]
    return render(
        request,
        "trajectories/sensitive.html",
        {
            "trajectory": trajectory,
            "sections": sections,
            "can_write": not trajectory.is_closed,
        },
    )


@requires("trajectories.view", reads="trajectory")
def end_report(request, public_id):
    """The end report (eindrapportage) as PDF; never the sensitive notes."""
    trajectory = _visible(request, public_id)
    # Imported here: WeasyPrint is heavy and logs while it loads, so only the PDF view pays.
    from wegwijs.core.pdf import render_pdf
    from wegwijs.measurements.selectors import progress_chart  # measurements imports us

    context = {
        **selectors.end_report(trajectory),
        "foundation": settings.FOUNDATION_NAME,
        "progress_chart": progress_chart(trajectory),
    }
    pdf = render_pdf("trajectories/end_report_pdf.html", context, request=request)
    audit.record(
        request,
        action=AuditAction.PRINT,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        event="end_report",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="eindrapportage-{trajectory.public_id}.pdf"'
    )
    return response
