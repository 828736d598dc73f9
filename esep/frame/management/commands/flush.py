from typing import Any

from django.core.management.commands import flush

from esep.lib.sqlite import purging


class Command(flush.Command):
    help = (
        "Remove everything from the database, the append-only history included (Django's "
        "flush; the test runner calls it between tests that commit)."
    )

    def handle(self, **options: Any) -> None:
        with purging():
            super().handle(**options)
