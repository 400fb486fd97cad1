"""Progress on stderr: a spinner with elapsed time on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console

from summarizer.cli.terminal import for_terminal

if TYPE_CHECKING:
    from rich.status import Status


class Progress:
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True)
        self._status: Status | None = None
        self._started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        elapsed = time.monotonic() - self._started
        line = f"[{elapsed:6.1f}s] {for_terminal(message)}"
        if self._status is not None:
            self._status.update(line)
        else:
            print(f"summarizer: {line}", file=sys.stderr, flush=True)

    @contextmanager
    def running(self, message: str) -> Iterator[Progress]:
        self._started = time.monotonic()
        if self.quiet or not self.console.is_terminal:
            self(message)
            yield self
            return
        with self.console.status(message) as status:
            self._status = status
            try:
                yield self
            finally:
                self._status = None
