from django.apps import apps
from django.core.management.base import BaseCommand

from activities import tallies
from activities.demo import load_demo_reports
from care.demo import load_demo_care
from colleges.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts, load_demo_colleges
from committee.demo import UNIT_ACCOUNTS, load_demo_committee
from region.demo import load_demo_region
from scoring.demo import load_demo_assessments


class Command(BaseCommand):
    help = "Load the demo colleges, committees, brand projects, accounts and activity reports. Safe to re-run."

    def handle(self, *args, **options):
        rows = load_demo_colleges()
        accounts = load_demo_accounts()
        reports = load_demo_reports()
        assessments = load_demo_assessments()
        care = load_demo_care()
        committee = load_demo_committee()  # notices, a meeting, a training class, member units' self-reports
        # Apps above this layer (publicity) load their own demo rows through their AppConfig's load_demo().
        extra = sum(config.load_demo() for config in apps.get_app_configs() if hasattr(config, "load_demo"))
        tallies.rebuild()  # the demo's writes keep them already; a rebuild also covers rows loaded another way
        self.stdout.write(
            f"Demo data: {rows} rows, {accounts} accounts, {reports} activity reports, {assessments} assessments, "
            f"{care} care needs, {committee} committee records and {extra} rows of the other apps created."
        )
        self.stdout.write(f"Region demo: {load_demo_region()} applications created; accounts in README.")
        names = ", ".join(username for username, *_ in DEMO_ACCOUNTS + UNIT_ACCOUNTS)
        self.stdout.write(f"Demo accounts: {names} (password {DEMO_PASSWORD}).")
