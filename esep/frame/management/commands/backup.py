from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.frame.backup import ENGINE_NAMES, BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE, consistent as of one moment, while the server runs: "
        "SQLite through its online backup API, PostgreSQL through pg_dump (custom format). "
        "`esep restore FILE` brings it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="the backup file to write (replaced if it exists)"
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, file: Path, database: str, **options) -> None:
        try:
            done = backup(file, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"backed up the {ENGINE_NAMES[done.engine]} database {done.database} "
            f"({done.tables} tables) to {done.file} ({done.size:,} bytes)"
        )
