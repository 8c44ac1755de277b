"""Per-item work on every core: reading cases, stamping pages, checking links.

Worker processes are forked (they inherit what the parent has loaded, so nothing is
pickled but the items and the results). When the work is done the pool is closed and
joined, never terminated: terminating sends SIGTERM to workers that may be holding the
pool's queue lock, and a sibling then waits for it for ever. Workers take SIGTERM's
default action and ignore SIGINT, which the parent handles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any


def worker_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cores() -> int:
    return os.cpu_count() or 1


def parallel_map(function: Callable[[Any], Any], jobs: Sequence[Any], *, minimum: int, ordered: bool = True,
                 chunks_per_worker: int = 16) -> Iterator[Any]:
    """``function`` over ``jobs``, on every core when there are at least ``minimum`` jobs, in-process otherwise.

    Results come in the order of ``jobs`` if ``ordered``, else as they are done.
    """
    workers = cores()
    if len(jobs) < minimum or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, jobs)
        return
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=worker_signals)
    try:
        each = pool.imap if ordered else pool.imap_unordered
        yield from each(function, jobs, chunksize=max(8, len(jobs) // (workers * chunks_per_worker)))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
