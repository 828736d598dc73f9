"""What `esep import-road-map` and `esep import-observations` share: the road map by its
code, the account the records are written by (its rights are checked as on the pages),
the file, and a refused import told row by row, never with a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.lib.sheets import ImportFailed, failure_lines, internal_failure
from esep.programme.models import ImportJob, RoadMap
from esep.programme.plans.imports import Imported, run


class ImportCommand(BaseCommand):
    kind: str = ImportJob.Kind.ROAD_MAP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("road_map", metavar="ROAD_MAP_CODE")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            required=True,
            help="the username the records are written by; it needs the rights the import "
            "page asks for",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the messages (default: %(default)s)",
        )

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
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user “%(name)s”.") % {"name": username})
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        if file.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                _("The file is larger than %(size)d MB.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        try:
            content = file.read_bytes()
        except OSError as unread:
            raise CommandError(_("The file cannot be read: %(file)s") % {"file": file}) from unread
        try:
            try:
                return run(self.kind, content, actor=actor, road_map=road_map)  # type: ignore[arg-type]
            except ImportFailed:
                raise
            except Exception as unexpected:
                # Never a traceback: what went wrong inside esep is logged, the user told.
                raise internal_failure(unexpected, f"import {self.kind}") from unexpected
        except ImportFailed as failure:
            lines, summary = failure_lines(failure)
            for line in lines:
                self.stderr.write(line)
            raise CommandError(summary) from None
