from django.core.management.base import BaseCommand
from django.utils import translation

from esep.appeals.models import Category


class Command(BaseCommand):
    help = "List appeal category codes with their names in kk, ru and en."

    def handle(self, *args, **options) -> None:
        with translation.override("kk"):
            for category in Category.objects.order_by("path"):
                indent = "  " * (category.depth - 1)
                names = " / ".join(
                    filter(None, [category.name_kk, category.name_ru, category.name_en])
                )
                self.stdout.write(f"{indent}{category.code}\t{names}")
