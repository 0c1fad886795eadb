"""Quality of a grouping against gold labels: BCubed precision/recall/F1 and ARI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

from sklearn.metrics import adjusted_rand_score


def bcubed(
    predicted: Sequence[Hashable],
    gold: Sequence[Hashable],
    among: Sequence[bool] | None = None,
) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1), averaged over items.

    Chosen over pairwise measures because it rewards keeping singletons apart and is not
    dominated by the largest pattern: each knelpunt asks "how much of my group is right".
    With `among`, only the flagged items are averaged (their groups still count in full): how
    well the reports a chair did not confirm were placed around those they did.
    """
    if len(predicted) != len(gold) or (among is not None and len(among) != len(gold)):
        raise ValueError("predicted and gold must have the same length")
    n = len(gold) if among is None else sum(map(bool, among))
    if n == 0:
        return 0.0, 0.0, 0.0
    both = Counter(zip(predicted, gold, strict=True))
    counted = (
        both
        if among is None
        else Counter(
            pair
            for pair, keep in zip(zip(predicted, gold, strict=True), among, strict=True)
            if keep
        )
    )
    predicted_size = Counter(predicted)
    gold_size = Counter(gold)
    precision = sum(c * both[p, g] / predicted_size[p] for (p, g), c in counted.items()) / n
    recall = sum(c * both[p, g] / gold_size[g] for (p, g), c in counted.items()) / n
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def ari(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (chance-corrected pair agreement), from scikit-learn."""
    return float(adjusted_rand_score(list(map(str, gold)), list(map(str, predicted))))


def scores(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """All figures the benchmark reports, rounded for printing."""
    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "ari": round(ari(predicted, gold), 4),
    }
