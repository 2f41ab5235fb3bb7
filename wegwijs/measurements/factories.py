"""Factory for tests: a measurement with a score for every domain of the product."""

import factory

from wegwijs.measurements.models import Measurement, Score
from wegwijs.measurements.selectors import product_domains


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement
        skip_postgeneration_save = True

    kind = "nul"
    date = factory.LazyAttribute(lambda m: m.trajectory.start_date)

    @factory.post_generation
    def level(measurement, create, extracted, **kwargs):
        if create and extracted:
            Score.objects.bulk_create(
                Score(measurement=measurement, domain=row.domain, level=extracted)
                for row in product_domains(measurement.trajectory.product)
            )
