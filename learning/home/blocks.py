"""The shape of 'Mijn overzicht': blocks of lines, each block with a count and a link onwards.

A block is built by one query (rows plus their total through a window count), so a home page
costs a fixed number of queries however much data there is. The urgency orders the blocks of a
user with several roles: what waits for the user's own decision or is overdue comes first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How many lines a block shows; the count and the link onwards tell about the rest.
LINES_PER_BLOCK = 5


@dataclass
class Line:
    text: str
    link: str
    meta: list[str] = field(default_factory=list)
    detail: str = ""  # a second line: the question, the decision
    late: bool = False


@dataclass
class Block:
    key: str  # also the block's HTML id
    title: str
    count: int
    lines: list[Line]
    urgency: int  # higher first
    more_link: str = ""
    more_label: str = ""
    intro: str = ""
    action_link: str = ""  # one button that starts the block's work
    action_label: str = ""


def total(rows) -> int:
    """The window count that came with the rows (0 for no rows)."""
    return rows[0].total if rows else 0


def ordered(blocks: list[Block | None]) -> list[Block]:
    """Empty blocks left out, one of each kind, most urgent first (stable within a level)."""
    seen: set[str] = set()
    kept = []
    for block in blocks:
        if block is None or block.count == 0 or block.key in seen:
            continue
        seen.add(block.key)
        kept.append(block)
    return sorted(kept, key=lambda b: -b.urgency)
