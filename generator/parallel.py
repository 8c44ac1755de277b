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


class BackgroundFailed(Exception):
    """The work given to ``Background`` failed; the message is its error."""


class Background:
    """One function run in a forked child while the parent goes on; ``wait()`` raises what it raised.

    For work that is mostly the kernel's (creating thousands of files): a thread would wait for the
    interpreter lock after every system call while the parent computes. Without fork, it runs at once.
    """

    def __init__(self, function: Callable[..., None], *args: Any) -> None:
        self.process: Any = None
        self.error: str | None = None  # what the work raised, where it ran in this process
        if "fork" not in multiprocessing.get_all_start_methods():
            try:
                function(*args)
            except Exception as exc:
                self.error = f"{type(exc).__name__}: {exc}"
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)

        def run() -> None:
            worker_signals()
            try:
                function(*args)
                send.send(None)
            except BaseException as exc:  # whatever it was, the parent reports it
                send.send(f"{type(exc).__name__}: {exc}")

        self.process = context.Process(target=run, daemon=True, name="caselaw-background")
        self.process.start()
        send.close()

    def wait(self) -> None:
        if self.process is not None:
            try:
                self.error = self.receive.recv()
                died = False
            except EOFError:  # it ended without a word (killed, or exited on its own)
                died = True
            self.process.join()
            if died:
                self.error = f"the worker process ended with status {self.process.exitcode}"
            self.receive.close()
            self.process = None
        if self.error:
            error, self.error = self.error, None
            raise BackgroundFailed(error)

    def cancel(self) -> None:
        """Stop the work (a failed build); harmless after wait()."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.receive.close()
            self.process = None
