"""`esep import-delegates CODE FILE --user NAME`: a conference's delegates from a
spreadsheet, at once, all rows or none — as the import page does it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.assemblies.conferences.imports import import_delegates
from esep.assemblies.models import Conference
from esep.lib.jobs import add_command_options, command_actor, command_file, run_in_command


class Command(BaseCommand):
    help = (
        "Import a conference's delegates from an XLSX or CSV file (UTF-8 or Windows-1251, "
        "comma or semicolon): one row per delegate — IIN, the sending branch's code, the "
        "day they were elected and the meeting's protocol. All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", metavar="CODE", help="the conference's code")
        parser.add_argument("file", type=Path)
        add_command_options(parser)

    def handle(
        self, *args: Any, code: str, file: Path, user: str, language: str, **options: Any
    ) -> None:
        with translation.override(language):
            conference = Conference.objects.select_related("branch").filter(code=code).first()
            if conference is None:
                raise CommandError(_("No conference “%(code)s”.") % {"code": code})
            actor = command_actor(user)
            content = command_file(file)
            imported = run_in_command(
                lambda: import_delegates(content, actor=actor, conference=conference),
                source="import delegates",
                stderr=self.stderr,
            )
            self.stdout.write(
                _("Imported: %(delegates)d delegates.")
                % {"delegates": imported.counts["delegates"]}
            )
