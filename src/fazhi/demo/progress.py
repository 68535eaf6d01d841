"""A plain progress display for ``fazhi demo`` on stderr (no dependency).

On a terminal the current step redraws one line with a bar; every finished
step leaves one line with its counts and seconds. Elsewhere (a log, a pipe)
only the finished lines are written.
"""

from __future__ import annotations

import time
from typing import TextIO

from .base import StepResult

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1


class TextProgress:
    def __init__(self, stream: TextIO):
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.live = bool(isatty and isatty())
        self.name = ""
        self.total = 0
        self.last_draw = 0.0

    def step_started(self, name: str) -> None:
        self.name, self.total, self.last_draw = name, 0, 0.0

    def step_total(self, total: int) -> None:
        self.total = total

    def step_advanced(self, done: int) -> None:
        now = time.monotonic()
        if not self.live or not self.total or now - self.last_draw < REDRAW_SECONDS:
            return
        self.last_draw = now
        filled = BAR_WIDTH * min(done, self.total) // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r  {self.name:<14} [{bar}] {done:>7,}/{self.total:,}")
        self.stream.flush()

    def step_finished(self, result: StepResult) -> None:
        if result.skipped:
            what = "already built: " + ", ".join(
                f"{n:,} {k.replace('_', ' ')}" for k, n in result.existing.items()
            )
        else:
            what = (
                ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in result.created.items())
                + " created"
            )
        clear = "\r\033[K" if self.live else ""
        self.stream.write(f"{clear}  {result.name:<14} {what:<60} {result.seconds:6.1f} s\n")
        self.stream.flush()
