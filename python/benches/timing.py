"""The timing the benchmark scripts share: the best of several runs."""

import time


def best(fn, repeat=3):
    """The shortest wall time of `repeat` calls of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
