"""Performance benchmarks of meetupstats: ratio targets measured side by side.

Run them with ``make bench`` (or ``python -m benchmarks``). Every target is the
ratio of two things timed in the same run, interleaved, as medians of several
repetitions after a warm-up, so a noisy shared machine slows both sides
alike. Data is generated on demand into a temporary folder and never
committed. Nothing here runs in ``make test`` (only a smoke test on a tiny
size, with no timing assertion).
"""
