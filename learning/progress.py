"""Progress of long command-line work, one line per phase, so a first run never looks hung.

A phase shows its Dutch label, a count ("312/1.200") when the work is countable, and the
seconds spent. On a terminal the line is redrawn in place every second, also while one long
step runs; elsewhere (a log file, CI) a line is written when the phase starts, every 15
seconds and when it ends.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

TICK_SECONDS = 1.0
PLAIN_EVERY_SECONDS = 15.0
BAR_WIDTH = 24


def dutch_number(value: int) -> str:
    """1200 → "1.200", as Dutch readers write it."""
    return f"{value:,}".replace(",", ".")


class Phase:
    """One phase: call `advance()` per unit of work done (or `step(label)` to name it)."""

    def __init__(self, label: str, total: int | None, stream: TextIO, interactive: bool):
        self.label = label
        self.total = total
        self.done = 0
        self.detail = ""
        self._stream = stream
        self._interactive = interactive
        self._started = time.monotonic()
        self._last_plain = self._started
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)

    def advance(self, amount: int = 1) -> None:
        with self._lock:
            self.done += amount
        self._draw()

    def step(self, detail: str) -> None:
        """Name what the phase does now (a sub-step of work that cannot be counted)."""
        with self._lock:
            self.detail = detail
        self._draw(force=not self._interactive)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self._started

    def line(self) -> str:
        parts = [self.label]
        if self.total:
            filled = round(BAR_WIDTH * min(self.done, self.total) / self.total)
            parts.append("█" * filled + "░" * (BAR_WIDTH - filled))
            parts.append(f"{dutch_number(self.done)}/{dutch_number(self.total)}")
        if self.detail:
            parts.append(self.detail)
        parts.append(f"{self.seconds:.0f} s")
        return "  ".join(parts)

    def _draw(self, force: bool = False) -> None:
        if self._interactive:
            with self._lock:
                self._stream.write("\r\033[K" + self.line())
                self._stream.flush()
            return
        now = time.monotonic()
        if force or now - self._last_plain >= PLAIN_EVERY_SECONDS:
            self._last_plain = now
            self._stream.write(self.line() + "\n")
            self._stream.flush()

    def _tick(self) -> None:
        while not self._stopped.wait(TICK_SECONDS):
            self._draw()

    def start(self) -> None:
        if not self._interactive:
            self._stream.write(self.line() + "\n")
            self._stream.flush()
        self._ticker.start()

    def finish(self) -> None:
        self._stopped.set()
        self._ticker.join()
        if self.total is not None:
            self.done = max(self.done, self.total)
        self.detail = "klaar"
        end = "\n"
        if self._interactive:
            self._stream.write("\r\033[K" + self.line() + end)
        else:
            self._stream.write(self.line() + end)
        self._stream.flush()


class Progress:
    """Phases of one command; `quiet` for tests and scripts that only want the result."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    @contextmanager
    def phase(self, label: str, total: int | None = None) -> Iterator[Phase]:
        interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        phase = Phase(label, total, self.stream, interactive)
        if self.quiet:
            phase._draw = lambda force=False: None  # type: ignore[method-assign]
            yield phase
            self.timings[label] = phase.seconds
            return
        phase.start()
        try:
            yield phase
        finally:
            phase.finish()
            self.timings[label] = phase.seconds


def silent() -> Progress:
    return Progress(quiet=True)


ProgressCallback = Callable[[int], None]
