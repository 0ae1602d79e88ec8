"""How many optimizer steps a text fine-tune takes: the one count that the plan, its time
estimate, the training loop and the progress bar all read, so they agree by construction.

The loop numbers micro-batches straight through the epochs (micro-batch k is batch
k mod per_epoch of epoch k // per_epoch, the last batch of an epoch possibly short) and every
optimizer step accumulates exactly `grad_accum` consecutive micro-batches. A step may
therefore straddle an epoch end: no partial accumulation is dropped or made smaller, and the
last step finishes its window in the next epoch's order. Training ends at the first step whose
window reaches `epochs` worth of micro-batches (epochs may be fractional), unless `max_steps`
is set, which replaces epochs (as in transformers' Trainer) and can train longer or shorter.
Because the position of step s is a pure function of s, a checkpoint resumes exactly.
"""

from __future__ import annotations

import math


def micro_batches_per_epoch(train_rows: int, batch_size: int) -> int:
    """Forward passes in one pass over the training split (the last one may be short)."""
    return math.ceil(train_rows / batch_size)


def micro_batches_of(step: int, grad_accum: int) -> range:
    """The micro-batch numbers that optimizer step `step` (0-based) accumulates."""
    return range(step * grad_accum, (step + 1) * grad_accum)


def optimizer_steps(
    train_rows: int, batch_size: int, grad_accum: int, epochs: float, max_steps: int | None
) -> int:
    """Optimizer steps of a run: max_steps when set, else enough to cover `epochs` passes."""
    if train_rows < 1 or batch_size < 1 or grad_accum < 1:
        raise ValueError(
            f"train_rows, batch_size and grad_accum must be at least 1; got {train_rows}, "
            f"{batch_size}, {grad_accum}. Add training rows or raise the setting."
        )
    if max_steps:
        return max_steps
    wanted = micro_batches_per_epoch(train_rows, batch_size) * epochs
    return max(1, math.ceil(wanted / grad_accum))
