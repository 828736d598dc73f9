import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from esep.appeals.models import Appeal
from esep.appeals.similarity import READ, suggest

BATCH = 500


class Command(BaseCommand):
    help = (
        "Find the similar appeals of every appeal registered since DATE (YYYY-MM-DD), as "
        "registration now does for each new one: for appeals registered before that, or "
        "imported. Reads them in batches by registration day; each appeal stored as it is "
        "done, so the command may be stopped and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args, since: dt.date, batch: int, **options) -> None:
        done = found = 0
        after = (since - dt.timedelta(days=1), 0)
        while True:
            # Keyset pages: each batch starts where the last ended, read from the index on
            # registration day and id however many appeals came before.
            day, pk = after
            appeals = list(
                Appeal.objects.filter(registered_on__gte=max(day, since))
                .filter(Q(registered_on__gt=day) | Q(pk__gt=pk))
                .only(*READ, "territory_id")
                .order_by("registered_on", "pk")[:batch]
            )
            if not appeals:
                break
            for appeal in appeals:
                found += len(suggest(appeal))
            done += len(appeals)
            after = (appeals[-1].registered_on, appeals[-1].pk)
            self.stdout.write(f"{done} appeals, {found} similar found")
        self.stdout.write(f"done: {done} appeals since {since:%Y-%m-%d}, {found} similar found")
