"""The item-analysis formulas (results/itemstats.py) against worked examples.

Hand-worked: five learners, three right/wrong items (every step in the comments), and a partial-
credit table. Published: Karl L. Wuensch's KR-20 example (East Carolina University,
https://core.ecu.edu/wuenschk/StatHelp/KR20.txt): ten students, a ten-item quiz, with each item's
p and p*q and the variance of the totals printed beside the data, which are used here as data.
"""

from __future__ import annotations

import statistics

import pytest

from dcp_course.results.itemstats import (
    correlation,
    cronbach_alpha,
    facility,
    histogram,
    is_dichotomous,
    upper_lower,
)

# learners x items; totals 3, 2, 1, 1, 0
FIVE = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]


def column(rows: list[list[float]], i: int) -> list[float]:
    return [row[i] for row in rows]


def test_facility_is_the_share_right() -> None:
    assert [facility(column(FIVE, i)) for i in range(3)] == [0.6, 0.6, 0.2]
    assert facility([1, 0.5, 0]) == 0.5  # partial credit counts as scored


def test_item_rest_correlation_hand_worked() -> None:
    # item 1: x = 1 1 1 0 0, rest = totals - x = 2 1 0 1 0; means 0.6 and 0.8;
    # sum of products of deviations 0.6, sums of squares 1.2 and 2.8: r = 0.6 / sqrt(3.36) = 0.32733
    x = column(FIVE, 0)
    rest = [sum(row) - row[0] for row in FIVE]
    assert correlation(x, rest) == pytest.approx(0.6 / 3.36 ** 0.5)
    assert correlation(x, [r / 2 for r in rest]) == pytest.approx(0.32733, abs=1e-5), "the rest as a share: same r"
    assert correlation([1, 1, 1], [1, 2, 3]) is None, "everyone right: undefined, not 0"
    assert correlation([1], [1]) is None


def test_kr20_hand_worked() -> None:
    # p q per item .24 .24 .16 (sum .64); totals 3 2 1 1 0, mean 1.4, population variance 5.2 / 5 = 1.04
    # KR-20 = 3/2 * (1 - .64 / 1.04) = 0.576923
    assert is_dichotomous(FIVE)
    assert cronbach_alpha(FIVE) == pytest.approx(1.5 * (1 - 0.64 / 1.04))
    assert cronbach_alpha([[1, 0], [1, 0]]) is None, "no variance in the totals"
    assert cronbach_alpha([[1], [0]]) is None, "one item"


def test_cronbach_alpha_with_partial_credit_hand_worked() -> None:
    # item variances 1/6 and 1/18, totals 1.5 1 0 with variance 7/18: alpha = 2 (1 - (4/18) / (7/18)) = 6/7
    rows = [[1, 0.5], [0.5, 0.5], [0, 0]]
    assert not is_dichotomous(rows)
    assert cronbach_alpha(rows) == pytest.approx(6 / 7)


WUENSCH = {  # student: items 1-10 (1 right, 0 wrong), as printed
    "A": [1, 1, 1, 1, 1, 1, 0, 1, 1, 0], "B": [1, 0, 1, 1, 0, 1, 1, 1, 0, 1],
    "C": [1, 1, 1, 1, 0, 1, 1, 0, 0, 1], "D": [0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
    "E": [0, 0, 0, 0, 0, 1, 0, 0, 1, 0], "F": [1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    "G": [1, 1, 0, 1, 1, 1, 0, 1, 1, 1], "H": [1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
    "I": [0, 1, 0, 1, 1, 1, 1, 1, 0, 1], "J": [1, 1, 0, 1, 1, 0, 1, 1, 1, 0],
}
WUENSCH_P = [0.7, 0.7, 0.6, 0.7, 0.6, 0.8, 0.7, 0.7, 0.5, 0.6]
WUENSCH_PQ_SUM = 2.18
WUENSCH_TOTAL_VARIANCE = 5.84


def test_kr20_against_a_published_worked_example() -> None:
    rows = [[float(x) for x in answers] for answers in WUENSCH.values()]
    assert [facility(column(rows, i)) for i in range(10)] == pytest.approx(WUENSCH_P)
    assert sum(statistics.pvariance(column(rows, i)) for i in range(10)) == pytest.approx(WUENSCH_PQ_SUM)
    assert statistics.pvariance([sum(row) for row in rows]) == pytest.approx(WUENSCH_TOTAL_VARIANCE)
    # KR-20 = k/(k-1) (1 - sum pq / variance) from the printed figures: 10/9 (1 - 2.18/5.84) = 0.696
    assert cronbach_alpha(rows) == pytest.approx(10 / 9 * (1 - WUENSCH_PQ_SUM / WUENSCH_TOTAL_VARIANCE))
    assert round(cronbach_alpha(rows) or 0, 2) == 0.70


def test_upper_lower_index_hand_worked() -> None:
    # n = 5: groups of round(0.27 * 5) = 1; top learner (total 3) has item 1 right, bottom (0) wrong: D = 1
    totals = [sum(row) for row in FIVE]
    assert upper_lower(column(FIVE, 0), totals) == 1
    assert upper_lower(column(FIVE, 2), totals) == 1
    # item 2: the top learner right, the bottom wrong; D = 1 - 0
    assert upper_lower(column(FIVE, 1), totals) == 1
    assert upper_lower([1], [1]) is None


def test_learners_tied_at_a_groups_edge_share_its_places_whatever_their_order() -> None:
    # four learners, groups of 1; the top two are tied (item 1 and 0), as are the bottom two (1 and 0)
    assert upper_lower([1, 0, 1, 0], [1, 1, 0, 0]) == 0.5 - 0.5
    assert upper_lower([0, 1, 0, 1], [1, 1, 0, 0]) == 0
    # 10 learners, groups of 3; the third place above is a tie of two (item 1 and 0): upper = (1 + 1 + 0.5) / 3
    item = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    totals = [9, 8, 7, 7, 5, 4, 3, 2, 1, 0]
    assert upper_lower(item, totals) == pytest.approx(2.5 / 3)
    assert upper_lower(item[::-1], totals[::-1]) == pytest.approx(2.5 / 3)


def test_histogram_bands() -> None:
    assert histogram([0, 9, 10, 55, 99, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
