from django.utils.translation import gettext as _

from esep.deputies.management.commands._importing import ImportCommand
from esep.deputies.models import ImportJob
from esep.deputies.registry.imports import Imported


class Command(ImportCommand):
    help = (
        "Import a convocation's mandates from an XLSX or CSV file (UTF-8 or Windows-1251, "
        "comma or semicolon): one row per mandate, the deputy by IIN and names. All rows or "
        "none."
    )
    kind = ImportJob.Kind.MANDATES

    def summary(self, imported: Imported) -> str:
        return (
            _(
                "Imported: %(mandates)d mandates (%(ended)d of them ended), %(posts)d posts; "
                "%(people)d deputies were new to esep."
            )
            % imported.counts
        )
