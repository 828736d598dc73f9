from django.utils.translation import gettext as _

from esep.programme.management.commands._importing import ImportCommand
from esep.programme.models import ImportJob
from esep.programme.plans.imports import Imported


class Command(ImportCommand):
    help = (
        "Import a road map's measures and indicators from an XLSX or CSV file (UTF-8 or "
        "Windows-1251, comma or semicolon): one row per indicator, the measure's columns "
        "repeated. All rows or none."
    )
    kind = ImportJob.Kind.ROAD_MAP

    def summary(self, imported: Imported) -> str:
        return (
            _(
                "Imported: %(measures)d measures, %(indicators)d indicators, %(milestones)d "
                "milestones."
            )
            % imported.counts
        )
