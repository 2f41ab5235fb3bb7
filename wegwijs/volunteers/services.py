"""The rules about volunteers: screening (VOG and confidentiality agreement) and leaving.

``ensure_assignable`` is what trajectories call before a volunteer is given a client.
"""

from collections import Counter
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegwijs.accounts.constants import Role
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.volunteers.constants import (
    DAY_PARTS,
    START_STATUSES,
    LanguageLevel,
    SupervisionKind,
    VolunteerStatus,
)
from wegwijs.volunteers.models import (
    SupervisionMeeting,
    Training,
    VolunteerLanguage,
    VolunteerProfile,
)

SCREENING_FIELDS = ("vog_issued_on", "confidentiality_signed_on")
# How far ahead a volunteer's start date may lie.
START_AHEAD_DAYS = 366


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


def vog_valid_until(issued_on: date | None) -> date | None:
    """The last day a VOG issued on ``issued_on`` counts, under the foundation's own rule
    (facts.md §9: no statutory validity; renewal every ``VOG_VALIDITY_YEARS`` years)."""
    if issued_on is None:
        return None
    return _add_years(issued_on, settings.VOG_VALIDITY_YEARS) - timedelta(days=1)


def vog_state(until: date | None, *, on: date) -> str:
    """The state on ``on`` of a VOG valid until ``until``: "expired", "expiring" (its last
    valid day within ``VOG_WARNING_DAYS`` days) or "" (valid, or no VOG at all)."""
    if until is None:
        return ""
    if until < on:
        return "expired"
    if until <= on + timedelta(days=settings.VOG_WARNING_DAYS):
        return "expiring"
    return ""


def vog_issued_cutoff(*, on: date, within_days: int) -> date:
    """The latest issue date whose VOG has its last valid day on or before
    ``on + within_days`` (a VOG's last valid day is the day before its anniversary)."""
    return _add_years(on + timedelta(days=within_days + 1), -settings.VOG_VALIDITY_YEARS)


def screening_problem(profile: VolunteerProfile | None, *, on: date | None = None) -> str:
    """Why this volunteer may not be given clients on ``on`` (today), or "" when they may."""
    day = on or timezone.localdate()
    if profile is None:
        return _("This volunteer has no volunteer profile.")
    if profile.status != VolunteerStatus.ACTIVE:
        return _("This volunteer is not active (status: %(status)s).") % {
            "status": profile.get_status_display()
        }
    if profile.vog_issued_on is None:
        return _("This volunteer has no certificate of conduct (VOG).")
    until = vog_valid_until(profile.vog_issued_on)
    if until < day:
        return _("The certificate of conduct (VOG) of this volunteer expired on %(date)s.") % {
            "date": formats.date_format(until, "SHORT_DATE_FORMAT")
        }
    if profile.confidentiality_signed_on is None:
        return _("This volunteer has not signed the confidentiality agreement.")
    return ""


def ensure_assignable(volunteer, *, on: date | None = None) -> VolunteerProfile:
    """Raise DomainError with the reason when ``volunteer`` (a user) may not be assigned to
    clients: no profile, not active, no VOG, VOG expired, no signed agreement."""
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    problem = screening_problem(profile, on=on)
    if problem:
        raise DomainError(problem, code="volunteer_not_assignable")
    return profile


@transaction.atomic
def update_screening(
    *,
    profile: VolunteerProfile,
    vog_issued_on: date | None,
    confidentiality_signed_on: date | None,
    actor,
    request=None,
) -> VolunteerProfile:
    """Record the VOG date and the signed agreement; the audit entry names the fields only."""
    today = timezone.localdate()
    for value in (vog_issued_on, confidentiality_signed_on):
        if value is not None and value > today:
            raise DomainError(_("A screening date cannot lie in the future."))
    changed = [
        name
        for name, value in zip(
            SCREENING_FIELDS, (vog_issued_on, confidentiality_signed_on), strict=True
        )
        if getattr(profile, name) != value
    ]
    profile.vog_issued_on = vog_issued_on
    profile.confidentiality_signed_on = confidentiality_signed_on
    profile.save(update_fields=list(SCREENING_FIELDS))
    if changed:
        audit.record(request, action=AuditAction.UPDATE, actor=actor, obj=profile, fields=changed)
    return profile


@transaction.atomic
def change_status(*, profile: VolunteerProfile, status: str, actor, request=None) -> list:
    """Set the volunteer's status. On pausing or leaving, every current assignment ends today
    (``ended_on`` is the first day without access, so access to client data ends at once);
    the ended assignments are returned for the reassignment list. Past contact moments and
    other registrations keep the volunteer as their author."""
    if status not in VolunteerStatus.values:
        raise DomainError(_("Unknown volunteer status."))
    Assignment = apps.get_model("trajectories", "Assignment")
    old = profile.status
    profile.status = status
    profile.save(update_fields=["status"])
    ended = []
    if status in (VolunteerStatus.PAUSED, VolunteerStatus.LEFT):
        today = timezone.localdate()
        ended = list(
            Assignment.objects.current(on=today)
            .filter(volunteer=profile.user)
            .select_related("trajectory__person", "trajectory__product")
        )
        for assignment in ended:
            assignment.ended_on = max(today, assignment.started_on)
            assignment.save(update_fields=["ended_on"])
            audit.record(
                request,
                action=AuditAction.UPDATE,
                actor=actor,
                obj=assignment,
                object_id=str(assignment.pk),
                client_id=assignment.trajectory.person.public_id,
                fields=["ended_on"],
            )
    if old != status:
        audit.record(
            request, action=AuditAction.UPDATE, actor=actor, obj=profile, fields=["status"]
        )
    return ended


# --- creating and editing a profile -----------------------------------------------------------


def _check_profile_values(
    *, availability, max_clients: int, started_on: date | None, begeleider
) -> None:
    if any(part not in DAY_PARTS for part in availability):
        raise DomainError(_("Availability must be a list of known day parts."))
    if not 1 <= max_clients <= 50:
        raise DomainError(_("The maximum number of clients lies between 1 and 50."))
    if started_on and started_on > timezone.localdate() + timedelta(days=START_AHEAD_DAYS):
        raise DomainError(_("The start date can lie at most a year ahead."))
    if begeleider is not None and (begeleider.role != Role.COORDINATOR or not begeleider.is_active):
        raise DomainError(_("The responsible professional must be an active coordinator."))


def _set_languages(profile: VolunteerProfile, languages) -> bool:
    """Make the profile's languages exactly ``languages`` (pairs of language and level);
    True when something changed."""
    wanted = {}
    for language, level in languages:
        if language.pk in wanted:
            raise DomainError(_("Each language can be listed only once."))
        if level not in LanguageLevel.values:
            raise DomainError(_("Unknown language level."))
        wanted[language.pk] = level
    existing = {row.language_id: row for row in profile.languages.all()}
    changed = False
    for language_id, row in existing.items():
        if language_id not in wanted:
            row.delete()
            changed = True
        elif row.level != wanted[language_id]:
            row.level = wanted[language_id]
            row.save(update_fields=["level"])
            changed = True
    new = [
        VolunteerLanguage(profile=profile, language_id=language_id, level=level)
        for language_id, level in wanted.items()
        if language_id not in existing
    ]
    VolunteerLanguage.objects.bulk_create(new)
    return changed or bool(new)


def _set_trainings(profile: VolunteerProfile, trainings) -> bool:
    """Make the profile's trainings exactly ``trainings`` (pairs of kind and completion date);
    True when something changed."""
    today = timezone.localdate()
    wanted = Counter()
    for kind, completed_on in trainings:
        if completed_on is None or completed_on > today:
            raise DomainError(_("A training cannot be completed in the future."))
        wanted[(kind.pk, completed_on)] += 1
    gone = []
    for row in profile.trainings.all():
        key = (row.kind_id, row.completed_on)
        if wanted[key]:
            wanted[key] -= 1
        else:
            gone.append(row.pk)
    Training.objects.filter(pk__in=gone).delete()
    new = [
        Training(profile=profile, kind_id=kind_id, completed_on=completed_on)
        for (kind_id, completed_on), count in wanted.items()
        for _n in range(count)
    ]
    Training.objects.bulk_create(new)
    return bool(gone or new)


@transaction.atomic
def create_profile(
    *,
    user,
    actor,
    status: str = VolunteerStatus.APPLICANT,
    roles=(),
    municipalities=(),
    locations=(),
    availability=(),
    max_clients: int = 2,
    started_on: date | None = None,
    begeleider=None,
    languages=(),
    trainings=(),
    request=None,
) -> VolunteerProfile:
    """Create the volunteer profile of ``user`` (an active account with the volunteer role
    that has none yet and that ``actor`` may see), starting as applicant, in training or
    active. The screening is recorded separately (``update_screening``); the
    audit entry names the fields that were filled in."""
    account = type(user).objects.select_for_update().get(pk=user.pk)
    if account.role != Role.VRIJWILLIGER or not account.is_active:
        raise DomainError(_("Only an active account with the volunteer role gets a profile."))
    if not get_user_model().objects.visible_to(actor).filter(pk=account.pk).exists():
        raise DomainError(_("You can only create profiles for volunteers of your teams."))
    if VolunteerProfile.objects.filter(user=account).exists():
        raise DomainError(_("This volunteer already has a profile."))
    if status not in START_STATUSES:
        raise DomainError(_("A new profile starts as applicant, in training or active."))
    availability = list(availability)
    _check_profile_values(
        availability=availability,
        max_clients=max_clients,
        started_on=started_on,
        begeleider=begeleider,
    )
    profile = VolunteerProfile.objects.create(
        user=account,
        status=status,
        availability=availability,
        max_clients=max_clients,
        started_on=started_on,
        begeleider=begeleider,
    )
    filled = ["user", "status", "max_clients"]
    filled += [
        name
        for name, value in (
            ("availability", availability),
            ("started_on", started_on),
            ("begeleider", begeleider),
        )
        if value
    ]
    for name, values in (
        ("roles", roles),
        ("municipalities", municipalities),
        ("locations", locations),
    ):
        values = list(values)
        if values:
            getattr(profile, name).set(values)
            filled.append(name)
    if _set_languages(profile, languages):
        filled.append("languages")
    if _set_trainings(profile, trainings):
        filled.append("trainings")
    audit.record(request, action=AuditAction.CREATE, actor=actor, obj=profile, fields=filled)
    return profile


@transaction.atomic
def update_profile(
    *,
    profile: VolunteerProfile,
    actor,
    roles,
    municipalities,
    locations,
    availability,
    max_clients: int,
    started_on: date | None,
    begeleider,
    languages=None,
    trainings=None,
    request=None,
) -> VolunteerProfile:
    """Change the profile's roles, area, availability, capacity, start date, begeleider and,
    when given, its languages and trainings, as one change. Not the status (``change_status``)
    nor the screening (``update_screening``). The audit entry names the changed fields only."""
    current = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    availability = list(availability)
    _check_profile_values(
        availability=availability,
        max_clients=max_clients,
        started_on=started_on,
        begeleider=begeleider,
    )
    changed = [
        name
        for name, old, new in (
            ("availability", current.availability, availability),
            ("max_clients", current.max_clients, max_clients),
            ("started_on", current.started_on, started_on),
            ("begeleider", current.begeleider_id, begeleider.pk if begeleider else None),
        )
        if old != new
    ]
    current.availability = availability
    current.max_clients = max_clients
    current.started_on = started_on
    current.begeleider = begeleider
    if changed:
        current.save(update_fields=changed)
    for name, values in (
        ("roles", roles),
        ("municipalities", municipalities),
        ("locations", locations),
    ):
        values = list(values)
        related = getattr(current, name)
        if set(related.values_list("pk", flat=True)) != {obj.pk for obj in values}:
            related.set(values)
            changed.append(name)
    if languages is not None and _set_languages(current, languages):
        changed.append("languages")
    if trainings is not None and _set_trainings(current, trainings):
        changed.append("trainings")
    if changed:
        audit.record(request, action=AuditAction.UPDATE, actor=actor, obj=current, fields=changed)
    return current


@transaction.atomic
def record_supervision_meeting(
    *,
    kind: str,
    held_on: date,
    volunteers,
    notes: str = "",
    actor,
    request=None,
) -> SupervisionMeeting:
    """Record a supervision meeting held by ``actor``: werkbegeleiding with exactly one
    volunteer, intervisie with one or more, all of them volunteers ``actor`` may see, on a day
    not in the future. The notes are about the volunteers' work (no client data); the audit
    entry names the fields only."""
    if kind not in SupervisionKind.values:
        raise DomainError(_("Unknown kind of supervision meeting."))
    if held_on > timezone.localdate():
        raise DomainError(_("The date of the meeting cannot lie in the future."))
    profiles = list({profile.pk: profile for profile in volunteers}.values())
    if kind == SupervisionKind.WERKBEGELEIDING and len(profiles) != 1:
        raise DomainError(_("Work supervision (werkbegeleiding) is with exactly one volunteer."))
    if not profiles:
        raise DomainError(_("Choose at least one volunteer for the intervisie."))
    visible = VolunteerProfile.objects.visible_to(actor).filter(
        pk__in=[profile.pk for profile in profiles]
    )
    if visible.count() != len(profiles):
        raise DomainError(_("You can only record meetings with volunteers of your teams."))
    meeting = SupervisionMeeting.objects.create(
        kind=kind, date=held_on, held_by=actor, notes=notes.strip()
    )
    meeting.volunteers.set(profiles)
    fields = ["kind", "date", "held_by", "volunteers"] + (["notes"] if meeting.notes else [])
    audit.record(request, action=AuditAction.CREATE, actor=actor, obj=meeting, fields=fields)
    return meeting
