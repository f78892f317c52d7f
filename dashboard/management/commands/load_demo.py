from django.core.management.base import BaseCommand

from activities import tallies
from colleges.demo import DEMO_PASSWORD
from core.portal import demo_usernames, load_demo_data, load_school_demos
from core.scoping import every_school, school_scope
from institutions.models import ensure_home
from province import tallies as province_tallies


class Command(BaseCommand):
    help = "Load every app's demo data (each app's AppConfig names its loader), lower layers first. Safe to re-run."

    def handle(self, *args, **options):
        with every_school():
            home = ensure_home()
        # The home school's demo first (the region's enters every school's scope where it must).
        with school_scope(home):
            created = load_demo_data()
        # Then the demo schools of their own beside it (each loader enters its school's scope).
        created |= {f"{label} (second school)": count for label, count in load_school_demos().items()}
        with every_school():
            tallies.rebuild()  # the demo's writes keep them already; a rebuild also covers rows loaded another way
            province_tallies.rebuild()  # so does each school's year for the province's overview
        rows = ", ".join(f"{label} {count}" for label, count in created.items())
        self.stdout.write(f"Demo data created (rows per app): {rows}.")
        # Every app's accounts (each AppConfig names its list): the line a newcomer reads to log in.
        names = ", ".join(demo_usernames())
        self.stdout.write(f"Demo accounts: {names} (password {DEMO_PASSWORD}).")
