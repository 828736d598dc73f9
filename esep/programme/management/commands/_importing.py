"""What `esep import-road-map` and `esep import-observations` share: the road map by its
code, the account the records are written by (its rights are checked as on the pages),
the file, and a refused import told row by row, never with a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.lib.jobs import add_command_options, command_actor, command_file, run_in_command
from esep.programme.models import ImportJob, RoadMap
from esep.programme.plans.imports import Imported, run


class ImportCommand(BaseCommand):
    kind: str = ImportJob.Kind.ROAD_MAP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("road_map", metavar="ROAD_MAP_CODE")
        parser.add_argument("file", type=Path)
        add_command_options(parser)

    def handle(
        self, *args: Any, road_map: str, file: Path, user: str, language: str, **options: Any
    ) -> None:
        with translation.override(language):
            self.stdout.write(self.summary(self.run(road_map, file, user)))

    def summary(self, imported: Imported) -> str:
        raise NotImplementedError

    def run(self, code: str, file: Path, username: str) -> Imported:
        road_map = (
            RoadMap.objects.select_related("branch", "territory", "programme")
            .filter(code=code)
            .first()
        )
        if road_map is None:
            raise CommandError(_("No road map with the code “%(code)s”.") % {"code": code})
        actor = command_actor(username)
        content = command_file(file)
        return run_in_command(
            lambda: run(self.kind, content, actor=actor, road_map=road_map),  # type: ignore[arg-type]
            source=f"import {self.kind}",
            stderr=self.stderr,
        )
