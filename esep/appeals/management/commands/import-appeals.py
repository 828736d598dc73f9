from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.appeals.imports import ImportFailed, import_appeals
from esep.org.models import Branch


class Command(BaseCommand):
    help = (
        "Import appeals from an XLSX or CSV file (UTF-8 or Windows-1251, comma or semicolon). "
        "All rows or none; rows already imported are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--branch", help="accept only rows of this branch's subtree")

    def handle(self, *args, file: Path, branch: str | None, **options) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        branches = Branch.objects.all()
        if branch:
            root = Branch.objects.filter(code=branch).first()
            if root is None:
                raise CommandError(f"no branch with code {branch!r}")
            branches = branches.filter(path__startswith=root.path)
        try:
            created, skipped = import_appeals(
                file.read_bytes(), actor=None, branches={b.code: b for b in branches}
            )
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(f"row {error.row}, column {error.column or '-'}: {error.message}")
            raise CommandError(f"nothing imported: {len(failure.errors)} errors") from None
        self.stdout.write(f"imported {created} appeals, skipped {skipped} already present")
