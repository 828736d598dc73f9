"""`esep import-protocol ELECTION_CODE FILE --user NAME`: an open election's protocol from the
commission's spreadsheet, at once, all rows or none — as the import page does it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.elections.imports import import_protocol
from esep.elections.models import Election
from esep.lib.jobs import add_command_options, command_actor, command_file, run_in_command


class Command(BaseCommand):
    help = (
        "Import an open election's protocol from an XLSX or CSV file (UTF-8 or Windows-1251, "
        "comma or semicolon): one row per polling station — constituency, KATO code, station, "
        "voters on the lists, voters who took part, invalid ballots, against all — then a "
        "column of votes per party list (headed by the party's code) and per candidate "
        "(headed by surname and name). All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", metavar="ELECTION_CODE", help="the election's code")
        parser.add_argument("file", type=Path)
        add_command_options(parser)

    def handle(
        self, *args: Any, code: str, file: Path, user: str, language: str, **options: Any
    ) -> None:
        with translation.override(language):
            election = (
                Election.objects.select_related("branch", "territory").filter(code=code).first()
            )
            if election is None:
                raise CommandError(_("No election “%(code)s”.") % {"code": code})
            actor = command_actor(user)
            content = command_file(file)
            imported = run_in_command(
                lambda: import_protocol(content, actor=actor, election=election),
                source="import protocol",
                stderr=self.stderr,
            )
            self.stdout.write(
                _("The protocol is imported. Rows recorded: %(count)d.")
                % {"count": imported.counts["rows"]}
            )
