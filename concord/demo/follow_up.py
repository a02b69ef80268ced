"""Follow-up in the demo city beyond the planned history: a few resolved cases taken through
the real steps at past times, so that the pages and the rates show a resident's "no" (the
case reopened in front of its unit), low ratings (the leads told) and visits that found the
dispute back."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from concord.cases.models import Case, Status
from concord.followup.models import Rating, Resolution
from concord.followup.rating import rate_resolution
from concord.followup.visits import record_visit

# How many resolved cases go down each path.
STORIES = {"rated_no": 6, "rated_low": 6, "broken_again": 4}
COMMENTS = {
    "rated_no": ("楼上还是每天半夜吵，问题没有解决。", "The noise is still there every night; nothing changed."),
    "rated_low": ("等了很久才有人联系我。", "It took a long time before anyone called me."),
    "broken_again": (
        "回访发现双方又发生争吵，协议未履行。",
        "At the visit both sides were quarrelling again; the agreement is not kept.",
    ),
}


def _text(case: Case, pair: tuple[str, str]) -> str:
    return pair[1] if case.language == "en" else pair[0]


def add_follow_up_stories(now: datetime, seed: int) -> dict[str, int]:
    """Take resolved demo cases (not rated, with a visit still due) down each story; returns
    how many went down each."""
    rng = random.Random(seed + 11)
    rated = Rating.objects.values("case_id")
    candidates = list(
        Case.objects.filter(status=Status.RESOLVED, assignee__isnull=False, resolved_at__lt=now - timedelta(days=2))
        .exclude(pk__in=rated)
        .filter(pk__in=Resolution.objects.filter(reopened_at__isnull=True).values("case_id"))
        .order_by("-resolved_at", "id")[:200]
    )
    rng.shuffle(candidates)
    done: dict[str, int] = {}
    for story, wanted in STORIES.items():
        done[story] = 0
        while candidates and done[story] < wanted:
            case = candidates.pop()
            at = now - timedelta(hours=rng.uniform(2, 30))
            resolution = Resolution.objects.filter(case=case).order_by("-number").first()
            if resolution is None:
                continue
            comment = _text(case, COMMENTS[story])
            if story == "rated_no":
                rate_resolution(
                    case, actor=None, now=at, resolution=resolution.pk, resolved=False, score=2, comment=comment
                )
            elif story == "rated_low":
                score = rng.choice((1, 2))
                rate_resolution(
                    case, actor=None, now=at, resolution=resolution.pk, resolved=True, score=score, comment=comment
                )
            else:
                record_visit(case, actor=case.assignee, now=at, outcome="broken", note=comment)
            done[story] += 1
    return done
