from django.core.management.base import BaseCommand, CommandParser

from esep.org.demo import DEMO_PASSWORD, load_demo


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
        report = load_demo(scale=scale)
        self.stdout.write(
            f"territories: {report.territories}, branches: {report.branches}, "
            f"people: {report.people}, members: {report.members}, "
            f"appeals added: {report.appeals}"
        )
        if work := report.work:
            self.stdout.write(
                f"receptions added: {work.receptions}, control posts: {work.posts}, "
                f"acute issues: {work.issues}, meetings: {work.meetings}, "
                f"instructions: {work.instructions}"
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, branch in report.users:
            self.stdout.write(f"  {username:<20} {role:<24} {branch}")
