from django.core.management.base import BaseCommand, CommandParser

from esep.demo.load import load, summary
from esep.demo.seeds import load as load_seeds
from esep.demo.seeds import summary as seeds_summary


class Command(BaseCommand):
    help = "Load the demo data (idempotent): territories, branches, bodies, people, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the synthetic population (benchmarks)"
        )
        parser.add_argument(
            "--seeds",
            action="store_true",
            help="then, on top of it, the records behind the seeds' appeals-side figures at "
            "their own scale (esep/demo/seeds.py)",
        )

    def handle(self, *args, scale: int, seeds: bool = False, **options) -> None:
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            raise SystemExit(2)
        demo = load(scale=scale)
        added = load_seeds(demo) if seeds else None
        for line in summary(demo):
            self.stdout.write(line)
        if added is not None:
            for line in seeds_summary(added):
                self.stdout.write(line)
