"""The rules about volunteers: screening (VOG and confidentiality agreement) and leaving.

``ensure_assignable`` is what trajectories call before a volunteer is given a client.
"""

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.volunteers.constants import VolunteerStatus
from wegwijs.volunteers.models import VolunteerProfile

SCREENING_FIELDS = ("vog_issued_on", "confidentiality_signed_on")


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
