from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from esep.appeals.imports import import_appeals
from esep.lib.jobs import command_file, run_in_command
from esep.org.models import Branch


class Command(BaseCommand):
    help = (
        "Import appeals from an XLSX or CSV file (UTF-8 or Windows-1251, comma or semicolon). "
        "All rows or none; rows already imported are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--branch", help="accept only rows of this branch's subtree")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the messages (default: %(default)s)",
        )

    def handle(self, *args, file: Path, branch: str | None, language: str, **options) -> None:
        with translation.override(language):
            self.run(file, branch)

    def run(self, file: Path, branch: str | None) -> None:
        content = command_file(file)
        branches = Branch.objects.all()
        if branch:
            root = Branch.objects.filter(code=branch).first()
            if root is None:
                raise CommandError(_("No branch with the code “%(code)s”.") % {"code": branch})
            branches = branches.filter(path__startswith=root.path)
        created, skipped = run_in_command(
            lambda: import_appeals(content, actor=None, branches={b.code: b for b in branches}),
            source="import-appeals",
            stderr=self.stderr,
        )
        self.stdout.write(
            _("Imported %(created)d appeals; %(skipped)d already in esep were skipped.")
            % {"created": created, "skipped": skipped}
        )
