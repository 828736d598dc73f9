from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from esep.access.actions import grant_role
from esep.org.models import Branch
from esep.org.roles import Role


class Command(BaseCommand):
    help = "Grant ROLE on branch CODE (and its subtree) to USERNAME, creating the user if needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--branch", required=True, help="branch code (see `esep branches`)")
        parser.add_argument(
            "--password", help="set this password (it must pass the password validators)"
        )

    def handle(
        self, *args, username: str, role: str, branch: str, password: str | None, **options
    ) -> None:
        found = Branch.objects.filter(code=branch).first()
        if found is None:
            raise CommandError(f"no branch with code {branch!r}; `esep branches` lists them")
        try:
            # The command speaks English; the password rules' reasons too, not the site's
            # default language in the middle of an English sentence.
            with translation.override("en"):
                user, created = grant_role(
                    username=username, role=role, branch=found, password=password
                )
        except ValidationError as refused:
            raise CommandError(
                "the password is refused:\n" + "\n".join(f"- {m}" for m in refused.messages)
            ) from None
        verb = "granted" if created else "already had"
        self.stdout.write(f"{user.username} {verb} {role} on {found.code}")
