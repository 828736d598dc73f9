"""Similar appeals from different people: character n-gram TF-IDF, which needs no
language-specific stemming and so treats Kazakh and Russian alike.

Computed once, when an appeal arrives: registration queues `suggest_similar` for the
worker (`queue_suggestions`), which compares the appeal with the appeals about the same
place — its territory — registered within half a year of it by other people, the nearest
in time first and no more than `MAX_CANDIDATES` of them, read by the index on territory and
registration day. The place, not the category: the problem many people bring together is a
local one (a village without water, a road, a school) and its appeals come to different
offices — the district's branch, the region's, a deputy's reception — under the categories
each chose, while the territory is where the problem is. The best `KEPT` are stored both
ways (`SimilarAppeal`): the new appeal is also offered on the older ones' pages, where it
is among their best. The appeal's page reads what is stored, as far as the user may see
(`stored_suggestions`); appeals older than this are computed by `esep similar-appeals`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from esep.appeals.models import Appeal, AppealQuerySet, SimilarAppeal
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User

WINDOW_DAYS = 180
MAX_CANDIDATES = 2000
THRESHOLD = 0.25
# Kept per appeal: more than the page shows, since a user sees those of their branches only.
KEPT = 20
SHOWN = 5
READ = ("id", "number", "text", "registered_on", "status", "group_id", "submitter_id")


def candidates(appeal: Appeal, among: AppealQuerySet) -> list[Appeal]:
    """The appeals among `among` that may be like this one: by someone else, registered
    within half a year of it, the `MAX_CANDIDATES` nearest to it in time — read as two
    bounded ranges of the registration day, before it and after it."""
    others = among.exclude(pk=appeal.pk).only(*READ)
    if appeal.submitter_id is not None:
        others = others.exclude(submitter_id=appeal.submitter_id)
    day, window = appeal.registered_on, dt.timedelta(days=WINDOW_DAYS)
    before = others.filter(registered_on__gte=day - window, registered_on__lte=day).order_by(
        "-registered_on", "-pk"
    )[:MAX_CANDIDATES]
    after = others.filter(registered_on__gt=day, registered_on__lte=day + window).order_by(
        "registered_on", "pk"
    )[:MAX_CANDIDATES]
    pool = [*before, *after]
    pool.sort(key=lambda other: (abs((other.registered_on - day).days), -other.pk))
    return pool[:MAX_CANDIDATES]


def similar_appeals(
    appeal: Appeal, among: AppealQuerySet, *, limit: int = SHOWN
) -> list[tuple[Appeal, float]]:
    """The `candidates` among `among` most like this one, best first, as alike as
    `THRESHOLD` at least."""
    pool = candidates(appeal, among)
    if not pool:
        return []
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform([appeal.text] + [a.text for a in pool])
    scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()
    ranked = sorted(zip(pool, scores, strict=True), key=lambda pair: (-pair[1], -pair[0].pk))
    return [(a, float(score)) for a, score in ranked[:limit] if score >= THRESHOLD]


@transaction.atomic
def suggest(appeal: Appeal) -> list[tuple[Appeal, float]]:
    """Compare the appeal with the appeals about its place and store the best, both ways:
    its own suggestions replaced, and it among each other's where it is among their best."""
    found = similar_appeals(
        appeal, Appeal.objects.filter(territory_id=appeal.territory_id), limit=KEPT
    )
    now = timezone.now()
    SimilarAppeal.objects.filter(appeal=appeal).delete()
    rows = [SimilarAppeal(appeal=appeal, other=o, score=s, computed_at=now) for o, s in found]
    rows += [SimilarAppeal(appeal=o, other=appeal, score=s, computed_at=now) for o, s in found]
    # Written in one order by every worker, so two of them never wait on each other's rows.
    rows.sort(key=lambda row: (row.appeal_id, row.other_id))
    SimilarAppeal.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["appeal", "other"],
        update_fields=["score", "computed_at"],
    )
    _keep_best([o.pk for o, _ in found])
    return found


def _keep_best(appeal_ids: list[int]) -> None:
    """Each of these appeals keeps its `KEPT` best suggestions (a newcomer may have pushed
    one out)."""
    if not appeal_ids:
        return
    rows = (
        SimilarAppeal.objects.filter(appeal_id__in=appeal_ids)
        .order_by("appeal_id", "-score", "-other_id")
        .values_list("pk", "appeal_id")
    )
    seen: dict[int, int] = defaultdict(int)
    beyond = []
    for pk, appeal_id in rows:
        seen[appeal_id] += 1
        if seen[appeal_id] > KEPT:
            beyond.append(pk)
    if beyond:
        SimilarAppeal.objects.filter(pk__in=beyond).delete()


@task()
def suggest_similar(*, appeal_id: int) -> int:
    """The worker's part: an appeal's suggestions, computed once it is committed; returns
    how many it has."""
    appeal = Appeal.objects.filter(pk=appeal_id).only(*READ, "territory_id").first()
    if appeal is None:
        return 0
    return len(suggest(appeal))


def queue_suggestions(appeal: Appeal) -> None:
    """Have the worker find the appeal's similar appeals once its registration commits."""
    transaction.on_commit(lambda: suggest_similar.enqueue(appeal_id=appeal.pk))


@task()
def suggest_similar_many(*, appeal_ids: list[int]) -> int:
    """A batch of appeals written at once (an import's): those registered within half a
    year of today compared one by one, as `suggest_similar` compares one; older ones are
    history no one links any more (`esep similar-appeals` still compares them if asked).
    Returns how many were compared."""
    recent = timezone.localdate() - dt.timedelta(days=WINDOW_DAYS)
    appeals = (
        Appeal.objects.filter(pk__in=appeal_ids, registered_on__gte=recent)
        .only(*READ, "territory_id")
        .order_by("registered_on", "pk")
    )
    done = 0
    for appeal in appeals:
        suggest(appeal)
        done += 1
    return done


def queue_batch_suggestions(appeal_ids: list[int]) -> None:
    """One task for a batch of appeals written at once, once the batch commits."""
    if appeal_ids:
        ids = list(appeal_ids)
        transaction.on_commit(lambda: suggest_similar_many.enqueue(appeal_ids=ids))


def stored_suggestions(appeal: Appeal, user: User) -> list[tuple[Appeal, float]]:
    """What the appeal's page offers: the stored suggestions this user may see, best first.
    Nothing computed here; an appeal not compared yet has none."""
    return [
        (s.other, s.score)
        for s in SimilarAppeal.objects.filter(appeal=appeal)
        .filter(user.scope_q(Capability.VIEW_APPEALS, field="other__branch"))
        .select_related("other")
        .only("score", *(f"other__{name}" for name in READ))
        .order_by("-score", "-other_id")[:SHOWN]
    ]
