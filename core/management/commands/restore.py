from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an EMPTY database and an empty MEDIA_ROOT. Every file's "
        "checksum is verified before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="The database alias to restore into.")

    def handle(self, *args, archive, database, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {archive}")
        try:
            result = restore_backup(path, connections[database])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {result.engine} backup of {result.created_at}: the database "
            f"({result.migrations} migrations applied) and {result.files} files. "
            "Run `manage.py migrate` if this code is newer than the backup."
        )
