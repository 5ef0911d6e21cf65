"""The benchmark's arithmetic: how a scaling ratio is taken from runs (no timing here)."""

from __future__ import annotations

from bench.run import Bracketed, Sample


def _runs(*cpu: float) -> list[Sample]:
    return [Sample(wall=seconds, cpu=seconds, rss_mb=1.0, code=0) for seconds in cpu]


def test_each_long_run_counts_against_the_runs_either_side_of_it() -> None:
    pair = Bracketed()
    pair.b.samples = _runs(4.0, 6.0, 5.0, 3.0)  # the machine slows, then speeds up
    pair.a.samples = _runs(50.0, 44.0, 40.0)
    assert pair.ratios(lambda s: s.cpu) == [10.0, 8.0, 10.0]
    assert pair.cpu == 10.0


def test_a_slow_moment_after_the_long_run_alone_does_not_decide_the_ratio() -> None:
    """Paired run by run, 40 s against a 1,000-file run caught at a slow moment (5 s) reads 8;
    against the runs either side (3 s and 5 s) it reads 10."""
    pair = Bracketed()
    pair.b.samples = _runs(3.0, 5.0)
    pair.a.samples = _runs(40.0)
    assert pair.cpu == 10.0
