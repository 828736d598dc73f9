"""The API fuzzed from its own OpenAPI schema (schemathesis), a bounded number of examples
per operation, valid and invalid, with every check (schemathesis.toml beside this file): no
call is a server error, every answer is one the schema documents and matches it, a request
the schema allows is not refused as malformed and one it refuses is not accepted."""

import json
import os
import tomllib
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from esep.access.tokens import issue_token
from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.org.tests.factories import user_with_role

from .conftest import NEW_APPEAL

EXAMPLES = int(os.environ.get("ESEP_FUZZ_EXAMPLES", "6"))


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    return json.loads(JSONRenderer().render(SchemaGenerator().get_schema(public=True)))


# Bounded: the fuzzing phase only, EXAMPLES valid and invalid calls per operation.
CONFIG = tomllib.loads((Path(__file__).parent / "schemathesis.toml").read_text())
CONFIG["phases"] = {
    "examples": {"enabled": False},
    "coverage": {"enabled": False},
    "stateful": {"enabled": False},
}
CONFIG["generation"]["max-examples"] = EXAMPLES
schema = schemathesis.openapi.from_dict(_schema(), config=schemathesis.Config.from_dict(CONFIG))
# Called in-process, the checks' own further calls too.
schema.app = WSGIHandler()


@pytest.fixture
def fuzzed(tree, api, work):
    """Records of every kind, and the token of a head who may do everything to them."""
    head = user_with_role("branch_head", tree.central, "central-head")
    officer = api["users"]["officer"]
    api["officer"].post("/api/v1/appeals/", NEW_APPEAL, format="json")
    appeal = Appeal.objects.get()
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    # The app is called in-process inside the test's transaction: keep its connection open
    # (as Django's test client does), or the test's transaction would be closed with it.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {issue_token(head)}"}
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_call_fails_or_breaks_the_schema(case, fuzzed):
    # Every check schemathesis has (those that send more calls send them to the app too).
    case.call_and_validate(base_url="http://testserver", headers=fuzzed)
