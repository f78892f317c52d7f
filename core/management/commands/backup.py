from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, create_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded or built file (MEDIA_ROOT) into one .tar.gz with a manifest "
        "of checksums. Run it nightly and copy the archive off this machine."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the archive (default: backups/gkw-backup-<time>.tar.gz).")
        parser.add_argument("--database", default="default", help="The database alias to back up.")

    def handle(self, *args, output, database, **options):
        destination = Path(output) if output else default_backup_path()
        try:
            result = create_backup(destination, connections[database])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written: {result.path} ({result.files} files, {result.bytes:,} bytes).")
