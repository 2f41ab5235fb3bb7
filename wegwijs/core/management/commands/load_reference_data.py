from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wegwijs.catalog.reference import load_catalogue
from wegwijs.clients.reference import load_client_reference
from wegwijs.core.reference import ReferenceDataError
from wegwijs.measurements.reference import load_instruments
from wegwijs.organisation.reference import load_municipalities
from wegwijs.trajectories.reference import load_checklists, load_plans
from wegwijs.volunteers.reference import load_volunteer_reference

LOADERS = [
    load_municipalities,
    load_catalogue,
    load_client_reference,
    load_checklists,
    load_plans,
    load_volunteer_reference,
    load_instruments,  # after the catalogue: it names products
]


class Command(BaseCommand):
    help = "Load the reference data the application needs (municipalities, catalogue). Idempotent."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                summaries = [loader() for loader in LOADERS]
        except ReferenceDataError as error:
            raise CommandError(f"Reference data not loaded, nothing changed: {error}") from error
        for summary in summaries:
            self.stdout.write(str(summary))
