from django.core.management.base import BaseCommand

from esep.org.models import Branch


class Command(BaseCommand):
    help = "List branch codes with their names and territories."

    def handle(self, *args, **options) -> None:
        for branch in Branch.objects.select_related("territory").order_by("path"):
            indent = "  " * (branch.depth - 1)
            territory = branch.territory
            self.stdout.write(
                f"{indent}{branch.code}\t{branch.name}\t{territory.kato} {territory.name}"
            )
