"""Reads across relations: matching volunteers to a trajectory, and the screening warnings."""

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijs.volunteers.models import Training, VolunteerLanguage, VolunteerProfile
from wegwijs.volunteers.services import screening_problem, vog_valid_until


@dataclass
class Suggestion:
    profile: VolunteerProfile
    score: int
    reasons: list[str] = field(default_factory=list)


def _current_assignments(on: date):
    Assignment = apps.get_model("trajectories", "Assignment")
    return Coalesce(
        Subquery(
            Assignment.objects.current(on=on)
            .filter(volunteer=OuterRef("user_id"))
            .order_by()
            .values("volunteer")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def match_volunteers(*, trajectory, role: str, on: date | None = None) -> list[Suggestion]:
    """Suitable volunteers for ``trajectory`` in assignment role ``role``, best first.

    Candidates are active, screened (valid VOG and signed agreement), hold the role, work in
    the client's municipality, have availability and spare capacity, and are not already on
    the trajectory in this role. Ranked by: a language shared with the client (the client's
    languages or interpreter language) > the training the role requires > number of day parts
    available > fewer current clients. A fixed number of queries, whatever the pool size.
    """
    day = on or timezone.localdate()
    person = trajectory.person
    client_languages = set(person.languages.values_list("pk", flat=True))
    if person.interpreter_language_id:
        client_languages.add(person.interpreter_language_id)
    Assignment = apps.get_model("trajectories", "Assignment")
    already = Assignment.objects.current(on=day).filter(trajectory=trajectory, role=role)
    profiles = (
        VolunteerProfile.objects.active()
        .filter(roles__code=role, municipalities=person.municipality_id)
        .exclude(user__in=already.values("volunteer"))
        .exclude(availability=[])
        .annotate(current_clients=_current_assignments(day))
        .select_related("user")
        .prefetch_related(
            Prefetch("languages", VolunteerLanguage.objects.select_related("language")),
            Prefetch("trainings", Training.objects.select_related("kind")),
            "roles__requires_training",
        )
        .distinct()
    )
    suggestions = []
    for profile in profiles:
        if profile.current_clients >= profile.max_clients or screening_problem(profile, on=day):
            continue
        reasons = []
        shared = [vl for vl in profile.languages.all() if vl.language_id in client_languages]
        if shared:
            reasons.append(
                _("Speaks %(languages)s, a language of the client.")
                % {
                    "languages": ", ".join(
                        f"{vl.language.name} ({vl.get_level_display()})" for vl in shared
                    )
                }
            )
        else:
            reasons.append(_("Speaks no language of the client."))
        required = next((r.requires_training for r in profile.roles.all() if r.code == role), None)
        followed = {t.kind_id for t in profile.trainings.all()}
        trained = required is None or required.pk in followed
        if required is None:
            reasons.append(_("The role needs no training."))
        elif trained:
            reasons.append(_("Followed the training %(name)s.") % {"name": required.name})
        else:
            reasons.append(
                _("Has not followed the training %(name)s yet.") % {"name": required.name}
            )
        parts = len(profile.availability)
        reasons.append(
            ngettext(
                "Available %(count)d day part a week.",
                "Available %(count)d day parts a week.",
                parts,
            )
            % {"count": parts}
        )
        reasons.append(
            _("Has %(current)d of at most %(max)d clients.")
            % {"current": profile.current_clients, "max": profile.max_clients}
        )
        score = (
            100000 * bool(shared)
            + 10000 * trained
            + 100 * parts
            + max(0, 99 - profile.current_clients)
        )
        suggestions.append(Suggestion(profile=profile, score=score, reasons=reasons))
    suggestions.sort(key=lambda s: (-s.score, s.profile.user.full_name))
    return suggestions


def vog_warnings(user, *, on: date | None = None) -> list[tuple[VolunteerProfile, date]]:
    """For a coördinator: the volunteers of their teams whose VOG runs out within
    ``VOG_WARNING_DAYS`` days (or already has), with the last valid day. One query."""
    day = on or timezone.localdate()
    profiles = (
        VolunteerProfile.objects.visible_to(user)
        .vog_expiring(on=day, within_days=settings.VOG_WARNING_DAYS)
        .select_related("user")
        .order_by("vog_issued_on", "pk")
    )
    return [(p, vog_valid_until(p.vog_issued_on)) for p in profiles]


def profiles_for_list(user, *, q: str = "", status: str = "", role=None):
    """The profiles ``user`` may see for the volunteer list, searched by name and filtered by
    status and role, with what a row shows. A fixed number of queries per page."""
    profiles = VolunteerProfile.objects.visible_to(user)
    if q:
        profiles = profiles.filter(user__full_name__icontains=q)
    if status:
        profiles = profiles.filter(status=status)
    if role is not None:
        profiles = profiles.filter(roles=role)
    return (
        profiles.select_related("user", "begeleider")
        .prefetch_related("roles")
        .distinct()
        .order_by("user__full_name", "pk")
    )
