import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from esep.figures.compute import parse_scope
from esep.figures.periods import Period, parse
from esep.figures.registry import BREAKDOWNS, registry
from esep.figures.table import cells, header, rows
from esep.lib.tables import write_csv


class Command(BaseCommand):
    help = (
        "Print figures for a scope (a branch code or a KATO territory code) and a period, "
        "computed from the records exactly as the dashboards compute them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, help="branch code or 9-digit KATO code")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD")
        parser.add_argument("--period", help="instead of --from/--to: 2021, 2021-Q2, 2021-03")
        parser.add_argument("--breakdown", choices=sorted(BREAKDOWNS))
        parser.add_argument("--figure", action="append", help="a figure code (repeatable)")
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument("--language", choices=["kk", "ru", "en"], default="en")

    def handle(self, *args, **o) -> None:
        codes = o["figure"] or list(registry())
        unknown = [c for c in codes if c not in registry()]
        if unknown:
            raise CommandError(f"unknown figure codes: {', '.join(unknown)}")
        with translation.override(o["language"]):
            try:
                scope = parse_scope(o["scope"])
                if o["period"]:
                    period = parse(o["period"])
                elif o["start"] and o["end"]:
                    period = parse(f"{o['start']}..{o['end']}")
                else:
                    raise CommandError("give --from and --to, or --period")
            except ValidationError as error:  # in the language asked for
                raise CommandError(" ".join(error.messages)) from error
            self.emit(codes, scope, period, o["breakdown"], o["format"])

    def emit(self, codes, scope, period: Period, breakdown, fmt: str) -> None:
        found = rows(codes, scope, period, breakdown=breakdown)
        if fmt == "json":
            data = [
                {
                    **r.as_dict(),
                    "scope": scope.code,
                    "from": str(period.start),
                    "to": str(period.end),
                }
                for r in found
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if fmt == "csv":
            # As every export: no cell a spreadsheet would run as a formula.
            write_csv(
                self.stdout,
                header(breakdown, False),
                (cells(r, breakdown, False) for r in found),
                lineterminator="\n",
            )
            return
        self.stdout.write(f"{scope.name} ({scope.code}), {period}")
        width = max((len(r.code) for r in found), default=10)
        for r in found:
            group = f" [{r.group_label}]" if breakdown else ""
            value = "—" if r.value is None else r.value
            self.stdout.write(f"{r.code:<{width}}  {value!s:>10}  {r.label}{group}")
