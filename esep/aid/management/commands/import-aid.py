"""`esep import-aid households|deliveries CAMPAIGN FILE --user NAME [--branch CODE]`: a
campaign's beneficiaries or deliveries from a spreadsheet, at once, all rows or none — as
the import pages do it (the bench's entry point too)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.aid.imports import import_deliveries, import_households
from esep.aid.models import Campaign
from esep.lib.jobs import add_command_options, command_actor, command_file, run_in_command
from esep.org.models import Branch


class Command(BaseCommand):
    help = (
        "Import an aid campaign's beneficiaries (head's IIN, names, phone, address, KATO, "
        "members, category, reason to help again) or deliveries (head's IIN, day, kind, "
        "value in tenge, who delivered, confirmation) from an XLSX or CSV file. All rows or "
        "none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["households", "deliveries"])
        parser.add_argument("campaign", metavar="CAMPAIGN", help="the campaign's code")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--branch",
            default="",
            help="the code of the branch helping the families (default: the campaign's)",
        )
        add_command_options(parser)

    def handle(
        self,
        *args: Any,
        what: str,
        campaign: str,
        file: Path,
        branch: str,
        user: str,
        language: str,
        **options: Any,
    ) -> None:
        with translation.override(language):
            found = (
                Campaign.objects.select_related("branch__territory").filter(code=campaign).first()
            )
            if found is None:
                raise CommandError(_("No aid campaign “%(code)s”.") % {"code": campaign})
            helping = found.branch
            if branch:
                chosen = Branch.objects.select_related("territory").filter(code=branch).first()
                if chosen is None:
                    raise CommandError(_("No branch “%(code)s”.") % {"code": branch})
                helping = chosen
            actor = command_actor(user)
            content = command_file(file)
            started = time.monotonic()
            if what == "households":
                imported = run_in_command(
                    lambda: import_households(content, actor=actor, campaign=found, branch=helping),
                    source="import aid households",
                    stderr=self.stderr,
                )
                self.stdout.write(
                    _("Imported: %(households)d families (%(people)d new people).")
                    % imported.counts
                )
            else:
                imported = run_in_command(
                    lambda: import_deliveries(content, actor=actor, campaign=found),
                    source="import aid deliveries",
                    stderr=self.stderr,
                )
                self.stdout.write(_("Imported: %(deliveries)d deliveries.") % imported.counts)
            seconds = time.monotonic() - started
            rows = sum(imported.counts.get(k, 0) for k in ("households", "deliveries"))
            self.stdout.write(
                _("%(rows)d rows in %(seconds).1f s: %(rate)d rows a second.")
                % {"rows": rows, "seconds": seconds, "rate": rows / seconds if seconds else 0}
            )
