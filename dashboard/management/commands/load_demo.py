from django.core.management.base import BaseCommand

from activities.demo import load_demo_reports
from colleges.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts, load_demo_colleges
from committee.demo import UNIT_ACCOUNTS, load_demo_committee
from scoring.demo import load_demo_assessments


class Command(BaseCommand):
    help = "Load the demo colleges, committees, brand projects, accounts and activity reports. Safe to re-run."

    def handle(self, *args, **options):
        rows = load_demo_colleges()
        accounts = load_demo_accounts()
        reports = load_demo_reports()
        assessments = load_demo_assessments()
        committee = load_demo_committee()  # notices, a meeting, a training class, member units' self-reports
        self.stdout.write(
            f"Demo data: {rows} rows, {accounts} accounts, {reports} activity reports, "
            f"{assessments} assessments and {committee} committee records created."
        )
        names = ", ".join(username for username, *_ in DEMO_ACCOUNTS + UNIT_ACCOUNTS)
        self.stdout.write(f"Demo accounts: {names} (password {DEMO_PASSWORD}).")
