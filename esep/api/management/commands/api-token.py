from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.access.models import User
from esep.access.tokens import DEFAULT_DAYS, issue_token


class Command(BaseCommand):
    help = (
        "Make a REST API token for USERNAME and print it on the last line (it is kept only "
        "hashed: this is the one time it is seen). Calls with it carry that user's roles and "
        "branch scope until it expires or is revoked on the profile page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"valid for (default {DEFAULT_DAYS})"
        )

    def handle(self, *args, username: str, name: str, days: int, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        if days < 1:
            raise CommandError("--days must be 1 or more")
        key = issue_token(user, name=name, days=days)
        self.stdout.write(
            f"API token {name!r} for {user.username}, valid {days} days "
            "(send as 'Authorization: Token …'):"
        )
        self.stdout.write(key)
