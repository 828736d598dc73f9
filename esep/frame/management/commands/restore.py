from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.frame.backup import ENGINE_NAMES, BackupError, database_name, engine_of, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup in FILE, made by `esep backup`. "
        "Stop the web server and the worker first. Asks before it starts unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `esep backup`")
        parser.add_argument("--database", default="default", help="the database alias")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, file: Path, database: str, interactive: bool, **options) -> None:
        try:
            engine = ENGINE_NAMES[engine_of(database)]
        except BackupError as error:
            raise CommandError(str(error)) from None
        if interactive:
            answer = input(
                f"This replaces everything in the {engine} database {database_name(database)} "
                f"with the backup {file}; what the database holds now is lost.\n"
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled: nothing changed")
        try:
            done = restore(file, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored the {engine} database {done.database} ({done.tables} tables) "
            f"from {done.file} ({done.size:,} bytes)"
        )
        if done.pending_migrations:
            self.stdout.write(
                f"the backup predates {done.pending_migrations} migrations of this code: "
                "run `esep migrate`"
            )
