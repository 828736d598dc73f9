"""The daily background tasks: each app that reminds people of something every morning
registers its task here (in its AppConfig.ready), and `esep remind-deadlines` queues them
all once; each then re-queues itself for the next morning. So the command needs to know no
app above the one it lives in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Daily:
    name: StrOrPromise  # what the command says it scheduled
    task: Any  # a django_tasks task taking `reschedule`


TASKS: list[Daily] = []


def register(daily: Daily) -> None:
    if all(existing.task is not daily.task for existing in TASKS):
        TASKS.append(daily)
