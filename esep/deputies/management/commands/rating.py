import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from esep.deputies import rating
from esep.deputies.models import RepresentativeBody


def month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(_("Give the month as YYYY-MM, for example 2021-03.")) from None


class Command(BaseCommand):
    help = (
        "Compute (or recompute) the deputies' rating of a month, of every rated deputy or of "
        "one body's: idempotent — the same data changes nothing, a published month is never "
        "changed (changed data makes its next revision). Prints what it did as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, type=month, help="YYYY-MM")
        parser.add_argument(
            "--body", action="append", default=[], help="a representative body's code"
        )

    def handle(self, *args: object, **options: object) -> None:
        bodies = list(options["body"])  # type: ignore[call-overload]
        known = set(
            RepresentativeBody.objects.filter(code__in=bodies).values_list("code", flat=True)
        )
        if unknown := sorted(set(bodies) - known):
            raise CommandError(
                _("No representative body has the code %(code)s.") % {"code": unknown[0]}
            )
        done = rating.compute(options["month"], bodies=bodies)  # type: ignore[arg-type]
        if done.method is None:
            raise CommandError(_("No version of the rating's methodology applies to that month."))
        self.stdout.write(json.dumps(done.as_dict(), ensure_ascii=False))
