"""The formulas of classical item analysis, on plain lists of numbers (the standard library's
`statistics` does the arithmetic).

For one quiz, n learners each answered some of its questions; x_i is a learner's score on item i
as a fraction of the item's points (0 or 1 for right/wrong items, in between for partial credit),
w_i the item's weight, and a learner's quiz score is the weighted share T = sum(w_i x_i) / sum(w_i)
over the items that learner answered (with every item answered, a linear function of the sum, so
correlations are as with the raw total).

facility (difficulty index) p_i
    the mean of x_i over the learners who answered item i: the share right, or for partial credit
    the mean share of the points.

item-rest correlation (corrected point-biserial) r_i
    Pearson's r between x_i and the same learners' score on the *other* items, R = (sum_{j != i}
    w_j x_j) / (sum_{j != i} w_j). For a right/wrong item this is the point-biserial correlation;
    leaving the item out of the total removes the item's correlation with itself, which inflates
    r on short quizzes. None when either side does not vary (everyone right, or equal scores).

upper-lower index D_i (Kelley's 27 % groups)
    the learners who answered item i, ranked by T, the top and bottom g = round(0.27 n) (at least
    1): D = mean x_i in the upper group - mean x_i in the lower group. Learners tied with the
    group's last place share its remaining places equally (each counts with that weight), so D
    does not depend on the order learners are listed in. None when fewer than two answered.

reliability: Cronbach's alpha, and KR-20 where every item is right/wrong
    over the learners who answered all k items, with S the sum of the items' scores:
    alpha = k / (k - 1) * (1 - sum_i var(x_i) / var(S)). For 0/1 items var(x_i) = p_i q_i, which
    makes it Kuder and Richardson's formula 20. Population variances (divisor n) throughout, as in
    KR-20's sum of p q. None for fewer than two items or when S does not vary.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

UPPER_LOWER_SHARE = 0.27


def facility(scores: Sequence[float]) -> float:
    return statistics.fmean(scores)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either list is constant or shorter than two."""
    if len(xs) < 2:
        return None
    try:
        r = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # a constant list: r is undefined
        return None
    return None if math.isnan(r) else r


def upper_lower(item: Sequence[float], totals: Sequence[float], share: float = UPPER_LOWER_SHARE) -> float | None:
    """Kelley's D: mean item score of the top `share` of learners by total minus that of the bottom."""
    n = len(item)
    if n < 2:
        return None
    group = max(1, round(share * n))
    pairs = list(zip(totals, item, strict=True))
    return _group_mean(pairs, group, highest=True) - _group_mean(pairs, group, highest=False)


def _group_mean(pairs: list[tuple[float, float]], size: int, highest: bool) -> float:
    """Mean item score of the `size` learners with the highest (or lowest) totals.

    Learners tied at the group's edge count equally, each with the share of the places left, so
    the result does not depend on the order in which learners happen to be listed.
    """
    ranked = sorted(pairs, key=lambda pair: pair[0], reverse=highest)
    edge = ranked[size - 1][0]
    inside = [score for total, score in ranked if (total > edge if highest else total < edge)]
    tied = [score for total, score in ranked if total == edge]
    places = size - len(inside)
    return (math.fsum(inside) + places * statistics.fmean(tied)) / size


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """alpha over a complete learners x items table (KR-20 when every score is 0 or 1)."""
    if not rows or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    columns = list(zip(*rows, strict=True))
    item_variance = math.fsum(statistics.pvariance(column) for column in columns)
    total_variance = statistics.pvariance([math.fsum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


def is_dichotomous(rows: Sequence[Sequence[float]]) -> bool:
    return all(score in (0.0, 1.0) for row in rows for score in row)


def histogram(percents: Sequence[int], bins: int = 10) -> list[int]:
    """Counts of whole-percent scores in bins of 100/bins points; 100 falls in the last bin."""
    width = 100 // bins
    counts = [0] * bins
    for percent in percents:
        counts[min(bins - 1, max(0, percent) // width)] += 1
    return counts
