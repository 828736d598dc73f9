from django.utils.translation import gettext as _

from esep.deputies.management.commands._importing import ImportCommand
from esep.deputies.models import ImportJob
from esep.deputies.registry.imports import Imported


class Command(ImportCommand):
    help = (
        "Import a convocation's sittings and their attendance from an XLSX or CSV file "
        "(UTF-8 or Windows-1251, comma or semicolon): one row per deputy and session, every "
        "deputy in office that day marked. All rows or none."
    )
    kind = ImportJob.Kind.ATTENDANCE

    def summary(self, imported: Imported) -> str:
        return (
            _("Imported: %(sittings)d sessions with %(marks)d attendance marks.") % imported.counts
        )
