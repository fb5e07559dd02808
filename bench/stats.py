"""Figures the benchmarks print."""

from __future__ import annotations


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: p=50 is the median, p=99 the value 99 % of samples stay under."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
