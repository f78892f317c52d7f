from care.services import purge_expired_notes
from institutions.commands import InstallationCommand


class Command(InstallationCommand):
    help = "Blank the confidential notes of care needs closed longer ago than their year's retention period."

    def handle(self, *args, **options):
        purged = purge_expired_notes()
        self.stdout.write(f"Notes purged from {purged} closed needs; the records and their counts are kept.")
