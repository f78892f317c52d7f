from django.core.management.base import BaseCommand

from province import tallies


class Command(BaseCommand):
    help = "Count every school's year for the province's overview again (SchoolYearTally), from scratch."

    def handle(self, *args, **options):
        rows = tallies.rebuild()
        self.stdout.write(f"{rows} school-year rows")
