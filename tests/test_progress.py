"""Progress lines of long commands: what a first run prints while it works."""

from __future__ import annotations

import io
import time

from learning import progress as progress_module
from learning.progress import Progress, dutch_number


def test_counts_are_written_the_dutch_way():
    assert dutch_number(1200) == "1.200"
    assert dutch_number(312) == "312"


def test_a_phase_outside_a_terminal_writes_its_start_its_steps_and_its_end():
    stream = io.StringIO()
    with Progress(stream).phase("knelpunten inlezen", 1200) as phase:
        phase.advance(312)
        phase.step("straatnamen")
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("knelpunten inlezen")
    assert "0/1.200" in lines[0]
    assert any("312/1.200" in line and "straatnamen" in line for line in lines)
    assert "1.200/1.200" in lines[-1]
    assert "klaar" in lines[-1]


def test_a_long_step_is_never_silent(monkeypatch):
    monkeypatch.setattr(progress_module, "TICK_SECONDS", 0.01)
    monkeypatch.setattr(progress_module, "PLAIN_EVERY_SECONDS", 0.05)
    stream = io.StringIO()
    with Progress(stream).phase("privacyfilter voorbereiden"):
        time.sleep(0.3)
    assert stream.getvalue().count("privacyfilter voorbereiden") >= 4


def test_a_quiet_progress_writes_nothing_but_keeps_the_timings():
    stream = io.StringIO()
    progress = Progress(stream, quiet=True)
    with progress.phase("patronen vormen") as phase:
        phase.advance()
    assert stream.getvalue() == ""
    assert "patronen vormen" in progress.timings
