"""Rows written off the request's path, many to a transaction.

An unanswered question is recorded for `srm gaps`, not for the person asking: it must cost the
reply nothing. One writer thread takes what has queued up within `linger` seconds and writes it
in one transaction, so under load a row costs a fraction of a statement, and a database that
hangs holds one thread and a bounded queue, never a request.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class BatchWriter(Generic[T]):
    def __init__(self, write: Callable[[list[T]], None], *, what: str, linger: float = 0.5,
                 max_batch: int = 200, max_pending: int = 10_000) -> None:
        self._write = write
        self._what = what
        self._linger = linger
        self._max_batch = max_batch
        self._pending: queue.Queue[T] = queue.Queue(maxsize=max_pending)
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self._dropping = False

    def put(self, row: T) -> None:
        """Queue a row; never blocks. A full queue (the database has been away for a while) drops
        the row, with one log line until the queue drains again."""
        self._started()
        try:
            self._pending.put_nowait(row)
        except queue.Full:
            if not self._dropping:
                self._dropping = True
                log.warning("%s: %d waiting to be written; dropping new ones until the database catches up",
                            self._what, self._pending.maxsize)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (shutdown, tests); False if it was not
        within `timeout`."""
        deadline = time.monotonic() + timeout
        while self._pending.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _started(self) -> None:
        if self._thread is None:
            with self._start:  # started on first use: no thread at import, none in a parent before fork
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name=f"srm-{self._what}", daemon=True)
                    self._thread.start()
                    atexit.register(self.flush, 2.0)

    def _run(self) -> None:
        while True:
            batch = [self._pending.get()]
            deadline = time.monotonic() + self._linger
            while len(batch) < self._max_batch:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    batch.append(self._pending.get(timeout=remaining))
                except queue.Empty:
                    break
            try:
                self._write(batch)
                self._dropping = False
            except Exception as error:  # the database is away: these rows are lost, the bot goes on
                log.warning("%s: %d not written (%s)", self._what, len(batch), error.__class__.__name__)
            finally:
                for _ in batch:
                    self._pending.task_done()
