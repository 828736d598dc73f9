from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from esep.open311 import actions
from esep.open311.models import Client
from esep.org.models import Branch


class Command(BaseCommand):
    help = (
        "Create an Open311 client with a new api_key, or give an existing one a new key (the "
        "old one stops working). The key is printed alone on the last line, once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the client's name, e.g. FixMyStreet Almaty")
        parser.add_argument(
            "--branch",
            help="branch code whose subtree the client may submit to (default: the whole party)",
        )

    def handle(self, *args, name: str, branch: str | None, **options) -> None:
        scope = self._branch(branch)
        client = Client.objects.filter(name=name.strip()).first()
        if client is None:
            scope = scope or Branch.objects.get_root_nodes().order_by("path").first()
            if scope is None:
                raise CommandError("there are no branches yet")
            client = Client(name=name.strip(), branch=scope)
            try:
                key = actions.create_client(actor=None, client=client)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
            self.stdout.write(f"created client {client.name} for branch {scope.code}")
        else:
            if scope is not None and scope.pk != client.branch_id:
                client.branch = scope
                client.save(update_fields=["branch"])
                self.stdout.write(f"client {client.name} now submits to branch {scope.code}")
            key = actions.issue_key(actor=None, client=client)
            self.stdout.write(f"new key for client {client.name}; the old one no longer works")
        if not client.is_active:
            self.stdout.write("note: the client is inactive; activate it in the admin site")
        self.stdout.write(key)

    def _branch(self, code: str | None) -> Branch | None:
        if not code:
            return None
        found = Branch.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"no branch with code {code!r}")
        return found
