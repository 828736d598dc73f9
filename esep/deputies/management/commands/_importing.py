"""What `esep import-mandates` and `esep import-attendance` share: the convocation by its
body's code and its number, the account the records are written by (its rights are checked
as on the pages), the file, and a refused import told row by row, never with a
traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.deputies.models import Convocation, ImportJob
from esep.deputies.registry.imports import Imported, run
from esep.lib.jobs import add_command_options, command_actor, command_file, run_in_command


class ImportCommand(BaseCommand):
    kind: str = ImportJob.Kind.MANDATES

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("body", metavar="BODY_CODE")
        parser.add_argument("convocation", metavar="CONVOCATION_NUMBER", type=int)
        parser.add_argument("file", type=Path)
        add_command_options(parser)

    def handle(
        self,
        *args: Any,
        body: str,
        convocation: int,
        file: Path,
        user: str,
        language: str,
        **options: Any,
    ) -> None:
        with translation.override(language):
            self.stdout.write(self.summary(self.run(body, convocation, file, user)))

    def summary(self, imported: Imported) -> str:
        raise NotImplementedError

    def run(self, body: str, number: int, file: Path, username: str) -> Imported:
        convocation = (
            Convocation.objects.select_related("body__branch")
            .filter(body__code=body, number=number)
            .first()
        )
        if convocation is None:
            raise CommandError(
                _("The body “%(code)s” has no convocation %(number)d.")
                % {"code": body, "number": number}
            )
        actor = command_actor(username)
        content = command_file(file)
        return run_in_command(
            lambda: run(self.kind, content, actor=actor, convocation=convocation),  # type: ignore[arg-type]
            source=f"import {self.kind}",
            stderr=self.stderr,
        )
