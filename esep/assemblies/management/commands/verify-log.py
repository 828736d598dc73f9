"""esep verify-log CODE — checks a conference's (or primaries') hash-chained log and the
records against it; prints each problem and exits with status 1 if there is any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from esep.assemblies.verify import owner, verify


class Command(BaseCommand):
    help = "Check a conference's or primaries' hash-chained log and the records against it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the conference's code (e.g. atyrau-33) or the primaries'")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["code"]
        if owner(code) is None:
            raise CommandError(
                _("No conference or primaries with the code %(code)s.") % {"code": code}
            )
        report = verify(code)
        for problem in report.problems:
            self.stderr.write(str(problem))
        summary = _("%(code)s: %(entries)s entries, head %(head)s") % {
            "code": code,
            "entries": report.entries,
            "head": report.head or "—",
        }
        if not report.ok:
            raise CommandError(
                _("%(summary)s: %(count)s problems found.")
                % {"summary": summary, "count": len(report.problems)},
                returncode=1,
            )
        self.stdout.write(_("%(summary)s: the log and the records agree.") % {"summary": summary})
