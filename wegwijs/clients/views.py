"""The client pages. Every person is fetched through ``visible_to`` (out of scope: 404); the
pages about one person declare ``reads="person"``, so ``core.access`` logs each read of the file
and each 404 (LOG-01)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.clients import duplicates, identifiers, selectors, services
from wegwijs.clients.forms import (
    ConfirmDifferentPersonForm,
    ConsentForm,
    DossierLinkForm,
    HouseholdMemberForm,
    IndReferenceForm,
    LeaveHouseholdForm,
    PersonCreateForm,
    PersonEditForm,
    ResolveSignalForm,
    SearchForm,
    WithdrawConsentForm,
)
from wegwijs.clients.models import Consent, DuplicateSignal, HouseholdMember, Person
from wegwijs.core import audit
from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError


def _posted(request):
    """The POST data of a POST (even an empty one), None for a GET."""
    return request.POST if request.method == "POST" else None


def _managed_person(request, public_id) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), public_id=public_id)


@requires("clients.view")
def index(request):
    """The list of visible clients; a search (POST only) shows its results instead."""
    sort = request.GET.get("sort", "name")
    if sort not in selectors.SORTS:
        sort = "name"
    search_form = SearchForm(_posted(request), user=request.user)
    results = None
    if search_form.is_bound and search_form.is_valid():
        try:
            duplicates.count_search(actor=request.user, request=request)
        except DomainError as error:  # too many searches: the form shows why
            search_form.add_error(None, str(error))
    if search_form.is_bound:
        if search_form.is_valid():
            found = selectors.search_persons(request.user, **search_form.cleaned_data)
            results = list(found[: selectors.SEARCH_LIMIT + 1])
            audit.search_done(
                request,
                event="client_search",
                object_type="clients.person",
                criteria=[name for name, value in search_form.cleaned_data.items() if value],
                results=min(len(results), selectors.SEARCH_LIMIT),
                cut=len(results) > selectors.SEARCH_LIMIT,
            )
            if not results:
                messages.info(request, _("No client matches this search."))
        else:
            messages.error(request, _("The search could not be done; see the form."))
    page = None
    if results is None:
        paginator = Paginator(
            selectors.persons_for_list(request.user, sort=sort), settings.PAGE_SIZE
        )
        page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "clients/index.html",
        {
            "search_form": search_form,
            "results": results[: selectors.SEARCH_LIMIT] if results is not None else None,
            "results_cut": results is not None and len(results) > selectors.SEARCH_LIMIT,
            "search_limit": selectors.SEARCH_LIMIT,
            "page": page,
            "sort": sort,
            "query": f"sort={sort}",
            "can_manage": request.user.can("clients.manage"),
        },
    )


@requires("clients.manage")
def create(request):
    form = PersonCreateForm(_posted(request), user=request.user)
    confirm_form = ConfirmDifferentPersonForm(_posted(request), prefix="duplicate")
    duplicates = None
    if form.is_bound:
        if form.is_valid() and confirm_form.is_valid():
            try:
                person = services.register_person(
                    data=form.cleaned_data,
                    actor=request.user,
                    confirmed_not_duplicate=confirm_form.cleaned_data["confirmed"],
                    request=request,
                )
            except services.PossibleDuplicates as error:
                duplicates = error
                messages.warning(request, str(error))
            except DomainError as error:
                form.add_error(None, str(error))
                messages.error(request, _("The client has not been registered; see the form."))
            else:
                messages.success(
                    request, _("%(name)s has been registered.") % {"name": person.full_name}
                )
                return redirect(person)
        else:
            messages.error(request, _("The client has not been registered; see the form."))
    return render(
        request,
        "clients/create.html",
        {"form": form, "confirm_form": confirm_form, "duplicates": duplicates},
    )


@requires("clients.view", reads="person")
def detail(request, public_id):
    user = request.user
    person = selectors.person_for_detail(user, public_id)
    household, household_hidden = selectors.household_members(user, person)
    dossiers = selectors.dossier_members(user, person)
    return render(
        request,
        "clients/detail.html",
        {
            "person": person,
            "show_bsn": settings.BSN_PROCESSING_ENABLED,
            "bsn": identifiers.shown_identifier(identifiers.bsn_of(person), user=user),
            "v_number": identifiers.shown_identifier(identifiers.v_number_of(person), user=user),
            "ind_references": [
                (reference, identifiers.shown_identifier(reference.value, user=user))
                for reference in person.ind_references.all()
            ],
            "household": household,
            "household_hidden": household_hidden,
            "dossiers": [
                (membership, *dossiers[membership.dossier_id])
                for membership in person.dossier_memberships.all()
            ],
            "can_manage": user.can("clients.manage"),
            "withdraw_form": WithdrawConsentForm(),
        },
    )


@requires("clients.manage", reads="person")
def edit(request, public_id):
    person = selectors.person_for_detail(request.user, public_id)
    form = PersonEditForm(
        _posted(request),
        instance=person,
        user=request.user,
        initial={"version": person.version},
    )
    if form.is_bound and form.is_valid():
        try:
            changed = services.update_person(
                person=person,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            messages.error(request, _("The changes have not been saved."))
        else:
            if changed:
                messages.success(request, _("The changes have been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(person)
    elif form.is_bound:
        messages.error(request, _("The changes have not been saved; see the form."))
    return render(request, "clients/edit.html", {"form": form, "person": person})


def _small_form_page(request, *, person, form, title, submit, run, success):
    """A page with one short form about ``person``: on a valid POST run the service and go
    back to the file with a message; otherwise show the form (again) with its errors."""
    if form.is_bound:
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
                messages.error(request, _("Nothing has been saved; see the form."))
            else:
                messages.success(request, success)
                return redirect(person)
        else:
            messages.error(request, _("Nothing has been saved; see the form."))
    return render(
        request,
        "clients/small_form.html",
        {"person": person, "form": form, "title": title, "submit": submit},
    )


@requires("clients.manage", reads="person")
def household_add(request, public_id):
    person = _managed_person(request, public_id)
    form = HouseholdMemberForm(
        _posted(request), choices=selectors.visible_persons_except(request.user, person)
    )
    return _small_form_page(
        request,
        person=person,
        form=form,
        title=_("Add a household member"),
        submit=_("Add to household"),
        run=lambda data: services.add_household_member(
            of=person,
            person=data["person"],
            relation=data["relation"],
            actor=request.user,
            request=request,
        ),
        success=_("The household member has been added."),
    )


@requires("clients.manage", reads="person")
def household_remove(request, public_id):
    """A page that asks for confirmation (GET), then takes the client out (POST, ticked)."""
    person = _managed_person(request, public_id)
    member = HouseholdMember.objects.filter(person=person).select_related("household").first()
    if member is None:
        messages.info(request, _("This client does not belong to a household."))
        return redirect(person)
    return _small_form_page(
        request,
        person=person,
        form=LeaveHouseholdForm(_posted(request)),
        title=_("Take this client out of the household"),
        submit=_("Take out of the household"),
        run=lambda data: services.remove_household_member(
            member=member, actor=request.user, request=request
        ),
        success=_("The client has been taken out of the household."),
    )


@requires("clients.manage", reads="person")
def dossier_link(request, public_id):
    person = _managed_person(request, public_id)
    return _small_form_page(
        request,
        person=person,
        form=DossierLinkForm(_posted(request)),
        title=_("Link to an IND dossier"),
        submit=_("Link"),
        run=lambda data: services.link_to_dossier(
            person=person, actor=request.user, request=request, **data
        ),
        success=_("The client has been linked to the dossier."),
    )


@requires("clients.manage", reads="person")
def reference_add(request, public_id):
    person = _managed_person(request, public_id)
    return _small_form_page(
        request,
        person=person,
        form=IndReferenceForm(_posted(request)),
        title=_("Add an IND reference"),
        submit=_("Add reference"),
        run=lambda data: services.add_ind_reference(
            person=person, actor=request.user, request=request, **data
        ),
        success=_("The IND reference has been added."),
    )


@requires("clients.manage", reads="person")
def consent_add(request, public_id):
    person = _managed_person(request, public_id)
    return _small_form_page(
        request,
        person=person,
        form=ConsentForm(_posted(request)),
        title=_("Record a consent"),
        submit=_("Record consent"),
        run=lambda data: services.record_consent(
            person=person, actor=request.user, request=request, **data
        ),
        success=_("The consent has been recorded."),
    )


@requires("clients.manage", reads="person")
@require_POST
def consent_withdraw(request, public_id, consent_id):
    person = _managed_person(request, public_id)
    consent = get_object_or_404(Consent, person=person, public_id=consent_id)
    form = WithdrawConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date of withdrawal."))
        return redirect(person)
    try:
        services.withdraw_consent(
            consent=consent,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            actor=request.user,
            request=request,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The withdrawal of the consent has been recorded."))
    return redirect(person)


@requires("clients.duplicate_signals")
def duplicate_signals(request):
    """Possible duplicates outside the asker's caseload (AC-02): the coördinator sees those
    about their teams' clients, the privacy officer all; either settles one by POST."""
    signals = DuplicateSignal.objects.visible_to(request.user)
    form = ResolveSignalForm(_posted(request))
    if form.is_bound:
        if form.is_valid():
            signal = get_object_or_404(signals, public_id=form.cleaned_data["signal"])
            try:
                services.resolve_duplicate_signal(
                    signal=signal,
                    outcome=form.cleaned_data["outcome"],
                    actor=request.user,
                    request=request,
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The signal has been resolved."))
        else:
            messages.error(request, _("Choose how the signal was resolved."))
        return redirect("clients:duplicate_signals")
    shown = list(
        signals.select_related(
            "person", "matching_person__municipality", "asked_by", "resolved_by"
        ).order_by("status", "-created_at", "-pk")[: selectors.SEARCH_LIMIT]
    )
    return render(
        request,
        "clients/duplicate_signals.html",
        {
            "signals": shown,
            "sees_clients": request.user.can("clients.view"),
            "outcomes": ResolveSignalForm.base_fields["outcome"].choices,
        },
    )
