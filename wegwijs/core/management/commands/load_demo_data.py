from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wegwijs.accounts.constants import Role
from wegwijs.accounts.factories import DEFAULT_PASSWORD, TeamFactory, UserFactory
from wegwijs.accounts.models import User
from wegwijs.core import demo
from wegwijs.organisation.factories import LocationFactory
from wegwijs.organisation.models import Municipality

# Two branches with the municipalities they cover; the first code is the branch's seat.
DEMO_TEAMS = {
    "Team Arnhem": ["GM0202", "GM0275", "GM0274", "GM0293", "GM0226"],
    "Team Zwolle": ["GM0193", "GM0166", "GM0148", "GM1896", "GM0180"],
}
# Municipalities where the demo foundation runs both basic services (no price surcharge).
DEMO_BASIC_SERVICES = ["GM0193", "GM0275", "GM0166"]

DEMO_USERS = [
    ("beheerder@demo.wegwijs.nl", "Bea Beheer", Role.BEHEERDER, None),
    ("coordinator@demo.wegwijs.nl", "Cor Coördinator", Role.COORDINATOR, "Team Arnhem"),
    ("vrijwilliger@demo.wegwijs.nl", "Vera Vrijwilliger", Role.VRIJWILLIGER, "Team Arnhem"),
    ("financieel@demo.wegwijs.nl", "Fien Financiën", Role.FINANCE, None),
    ("gemeente@demo.wegwijs.nl", "Gijs Gemeente", Role.GEMEENTECONTACT, None),
    ("privacy@demo.wegwijs.nl", "Pim Privacy", Role.PRIVACY_OFFICER, None),
]

# More volunteers of Team Arnhem, for matching and screening warnings: no login is printed for
# them (the password is unusable).
DEMO_VOLUNTEERS = [
    ("yonas.vrijwilliger@demo.wegwijs.nl", "Yonas Tesfay"),
    ("amal.vrijwilliger@demo.wegwijs.nl", "Amal Haddad"),
    ("henk.vrijwilliger@demo.wegwijs.nl", "Henk de Boer"),
    ("sara.vrijwilliger@demo.wegwijs.nl", "Sara Jansen"),
]


class Command(BaseCommand):
    help = (
        "Create demo teams, one demo login per role and synthetic clients, contracts and "
        "trajectories (development only). Idempotent."
    )

    def handle(self, *args, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError("Demo data is never loaded in production.")
        if not Municipality.objects.filter(cbs_code="GM0202").exists():
            raise CommandError("Load the reference data first: manage.py load_reference_data")
        with transaction.atomic():
            teams = self.create_teams()
            self.create_users(teams)
            created = demo.load()
        self.stdout.write(
            f"Demo data: {created['clients']} clients and {created['trajectories']} "
            "trajectories created (synthetic)."
        )
        self.print_logins()

    def create_teams(self):
        municipalities = Municipality.objects.in_bulk(
            [code for codes in DEMO_TEAMS.values() for code in codes], field_name="cbs_code"
        )
        Municipality.objects.filter(cbs_code__in=DEMO_BASIC_SERVICES).update(
            has_information_point=True, has_settlement_coaching=True
        )
        # The other demo municipalities answer "no" (their quotes carry the surcharge): after a
        # fresh load nobody has answered, and a contract is not signed on an open question.
        Municipality.objects.filter(cbs_code__in=municipalities.keys()).exclude(
            cbs_code__in=DEMO_BASIC_SERVICES
        ).filter(has_information_point__isnull=True, has_settlement_coaching__isnull=True).update(
            has_information_point=False, has_settlement_coaching=False
        )
        teams = {}
        for name, codes in DEMO_TEAMS.items():
            seat = municipalities[codes[0]]
            location = LocationFactory(name=f"Vestiging {seat.name}", municipality=seat)
            teams[name] = TeamFactory(
                name=name,
                location=location,
                municipalities=[municipalities[code] for code in codes],
            )
        return teams

    def create_users(self, teams):
        arnhem = Municipality.objects.get(cbs_code="GM0202")
        for email, name, role, team in DEMO_USERS:
            if User.objects.filter(email=email).exists():
                continue
            UserFactory(
                email=email,
                full_name=name,
                role=role,
                municipality=arnhem if role == Role.GEMEENTECONTACT else None,
                teams=[teams[team]] if team else None,
            )
        for email, name in DEMO_VOLUNTEERS:
            if not User.objects.filter(email=email).exists():
                UserFactory(
                    email=email,
                    full_name=name,
                    role=Role.VRIJWILLIGER,
                    password=make_password(None),
                    teams=[teams["Team Arnhem"]],
                )

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Demo logins (development only), password for all: " + DEFAULT_PASSWORD)
        for email, _name, role, _team in DEMO_USERS:
            self.stdout.write(f"  {Role(role).label:<20} {email}")
        if settings.TWO_FACTOR_MANDATORY != "off":
            self.stdout.write("  Two-step verification is on: each login sets up an authenticator.")
        self.stdout.write("")
