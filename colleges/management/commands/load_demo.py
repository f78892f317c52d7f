from django.core.management.base import BaseCommand

from colleges.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts, load_demo_colleges


class Command(BaseCommand):
    help = "Load the demo colleges, committees, brand projects and accounts. Safe to re-run."

    def handle(self, *args, **options):
        rows = load_demo_colleges()
        accounts = load_demo_accounts()
        self.stdout.write(f"Demo data: {rows} rows and {accounts} accounts created.")
        names = ", ".join(username for username, *_ in DEMO_ACCOUNTS)
        self.stdout.write(f"Demo accounts: {names} (password {DEMO_PASSWORD}).")
