from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.measurements import selectors, services
from wegwijs.measurements.charts import progress_svg
from wegwijs.measurements.constants import MeasurementKind
from wegwijs.measurements.forms import MeasurementForm
from wegwijs.measurements.models import Level, Rung
from wegwijs.trajectories.models import Trajectory


def _visible(request, public_id) -> Trajectory:
    """A visible trajectory of a product that measures; anything else answers 404."""
    trajectory = get_object_or_404(
        Trajectory.objects.visible_to(request.user).select_related(
            "person", "product", "product__instrument"
        ),
        public_id=public_id,
    )
    if selectors.instrument_of(trajectory.product) is None:
        raise Http404
    return trajectory


def _next_kind(planned):
    for item in planned:
        if item.done is None:
            return item.kind
    # All done: only a product with a tussenmeting can take another one.
    return (
        MeasurementKind.TUSSEN if any(p.kind == MeasurementKind.TUSSEN for p in planned) else None
    )


@requires("measurements.record", reads="trajectory")
def record(request, public_id):
    trajectory = _visible(request, public_id)
    instrument = trajectory.product.instrument
    domains = selectors.product_domains(trajectory.product)
    measurements = selectors.measurements_with_scores(trajectory)
    previous = {}
    for measurement in measurements:
        for score in measurement.scores.all():
            if score.level is not None:  # "not scored" is no previous level
                previous[score.domain_id] = (score.level, measurement)
    form = MeasurementForm(
        request.POST if request.method == "POST" else None,
        domains=domains,
        levels=list(Level.objects.all()),
        rungs=list(Rung.objects.all()) if instrument.uses_ladder else [],
        uses_ladder=instrument.uses_ladder,
        previous=previous,
        kinds=instrument.kinds,
        kind=_next_kind(selectors.schedule(trajectory, measurements)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(
                trajectory=trajectory,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                scores=form.scores(),
                rung=form.cleaned_data.get("rung"),
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The measurement has been saved."))
            return redirect("measurements:progress", public_id=trajectory.public_id)
    return render(request, "measurements/record.html", {"form": form, "trajectory": trajectory})


@requires("measurements.view", reads="trajectory")
def progress(request, public_id):
    trajectory = _visible(request, public_id)
    measurements = selectors.measurements_with_scores(trajectory)
    rows = selectors.progress(trajectory, measurements=measurements)
    return render(
        request,
        "measurements/progress.html",
        {
            "trajectory": trajectory,
            "rows": rows,
            "measurements": measurements,
            "schedule": selectors.schedule(trajectory, measurements),
            "chart": progress_svg(rows, title=_("Self-sufficiency per domain")),
            "today": timezone.localdate(),
            "can_record": request.user.can("measurements.record"),
        },
    )
