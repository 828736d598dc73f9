from django.core.management.base import BaseCommand, CommandParser

from esep.demo.load import load, summary


class Command(BaseCommand):
    help = "Load the demo data (idempotent): territories, branches, bodies, people, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the synthetic population (benchmarks)"
        )

    def handle(self, *args, scale: int, **options) -> None:
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            raise SystemExit(2)
        for line in summary(load(scale=scale)):
            self.stdout.write(line)
