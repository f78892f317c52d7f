from activities import tallies
from institutions.commands import InstallationCommand


class Command(InstallationCommand):
    help = (
        "Count the dashboard's tallies (per college and status, per month and kind, elders) again from the "
        "activity reports. Writes keep them up to date; run this after loading reports in bulk."
    )

    def handle(self, *args, **options):
        colleges, months, elders = tallies.rebuild()
        self.stdout.write(
            f"Tallies rebuilt: {colleges} college rows, {months} month-and-kind rows, {elders} elder rows."
        )
