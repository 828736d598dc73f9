"""Similar appeals from different people: character n-gram TF-IDF, which needs no
language-specific stemming and so treats Kazakh and Russian alike."""

from __future__ import annotations

import datetime as dt

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from esep.appeals.models import Appeal, AppealQuerySet

WINDOW_DAYS = 180
MAX_CANDIDATES = 2000
THRESHOLD = 0.25


def similar_appeals(
    appeal: Appeal, candidates: AppealQuerySet, *, limit: int = 5
) -> list[tuple[Appeal, float]]:
    """The appeals among `candidates` (already limited to what the user may see) most like
    this one: registered within half a year of it, by someone else, best first."""
    since = appeal.registered_on - dt.timedelta(days=WINDOW_DAYS)
    pool = list(
        candidates.exclude(pk=appeal.pk)
        .exclude(submitter__isnull=False, submitter_id=appeal.submitter_id)
        .filter(
            registered_on__gte=since,
            registered_on__lte=appeal.registered_on + dt.timedelta(days=WINDOW_DAYS),
        )
        .order_by("-registered_on")
        .only("pk", "number", "text", "registered_on", "status", "group_id")[:MAX_CANDIDATES]
    )
    if not pool:
        return []
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform([appeal.text] + [a.text for a in pool])
    scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()
    ranked = sorted(zip(pool, scores, strict=True), key=lambda pair: -pair[1])
    return [(a, float(score)) for a, score in ranked[:limit] if score >= THRESHOLD]
