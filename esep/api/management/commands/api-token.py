from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.access.models import User
from esep.access.tokens import issue_token


class Command(BaseCommand):
    help = (
        "Make a REST API token for USERNAME (replacing any earlier one) and print it on the "
        "last line. Calls with it carry that user's roles and branch scope."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        key = issue_token(user)
        self.stdout.write(f"API token for {user.username} (send as 'Authorization: Token …'):")
        self.stdout.write(key)
