"""bench/build.py refuses at once a run that would fill the disk before it ends."""

from __future__ import annotations

from bench.build import enough_space


def test_a_run_that_fits_goes_ahead_and_one_that_does_not_says_so(tmp_path):
    assert enough_space([1000], tmp_path) is None
    problem = enough_space([10**9, 10**9], tmp_path)
    assert problem is not None and "2,000,000,000 cases need about" in problem and str(tmp_path) in problem
