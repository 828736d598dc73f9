from django.utils.translation import gettext as _

from esep.programme.management.commands._importing import ImportCommand
from esep.programme.models import ImportJob
from esep.programme.plans.imports import Imported


class Command(ImportCommand):
    help = (
        "Import a road map's observations from an XLSX or CSV file (UTF-8 or Windows-1251, "
        "comma or semicolon) in long format: indicator code, KATO, period, value, status, "
        "source[, numerator, denominator]. All rows or none."
    )
    kind = ImportJob.Kind.OBSERVATIONS

    def summary(self, imported: Imported) -> str:
        return (
            _(
                "Recorded: %(observations)d observations, of which %(replaced)d replace values "
                "recorded before."
            )
            % imported.counts
        )
