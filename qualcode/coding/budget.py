"""A time limit on coding one segment, so a rule that backtracks on some text stops with a
message instead of hanging the run.

Validation refuses the regular expressions known to backtrack badly
(:func:`qualcode.coding.patterns.backtracking_risk`), but no static check is complete, and even a
plain ``kata.*tidak`` takes quadratic time on a multi-megabyte turn. Python's regular expression
engine checks for signals as it works, so a timer signal (``SIGALRM``) stops it mid-match.

The timer is only used where it is safe: on Unix, in the main thread, when no other ``SIGALRM``
handler or timer is in use (a notebook's, a test runner's). Elsewhere coding runs unguarded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

__all__ = [
    "BASE_SECONDS",
    "SECONDS_ENV",
    "SECONDS_PER_MB",
    "BudgetExpired",
    "Watchdog",
    "base_seconds",
    "segment_seconds",
]

BASE_SECONDS = 10.0
"""Time allowed to code any segment (``$QUALCODE_SEGMENT_SECONDS`` overrides it) ..."""
SECONDS_PER_MB = 10.0
"""... plus this much per million characters of the segment."""
SECONDS_ENV = "QUALCODE_SEGMENT_SECONDS"
_ACTIVE: list[Watchdog] = []  # entered and active (main thread only)


class BudgetExpired(BaseException):
    """The time allowed for one segment ran out (a ``BaseException``, so no ``except
    Exception`` in the code being timed can swallow it)."""


def base_seconds() -> float:
    """The time allowed to code any segment: :data:`BASE_SECONDS`, or
    ``$QUALCODE_SEGMENT_SECONDS`` when it holds a number."""
    base = BASE_SECONDS
    raw = os.environ.get(SECONDS_ENV, "").strip()
    if raw:
        with contextlib.suppress(ValueError):
            base = max(float(raw), 0.001)
    return base


def segment_seconds(length: int, base: float | None = None) -> float:
    """The time allowed to code a segment of ``length`` characters (``base``: the value of
    :func:`base_seconds`, read once by callers that time many segments)."""
    return (base_seconds() if base is None else base) + SECONDS_PER_MB * length / 1_000_000


class Watchdog:
    """Installs the timer signal handler for a block; :meth:`arm` times one step in it.

    ``with Watchdog() as dog:`` then, per step, ``dog.arm(seconds)``, the work, and
    ``dog.disarm()``: the work raises :class:`BudgetExpired` once it has run ``seconds``. A
    repeating timer ticks a few times per :func:`base_seconds` and the tick checks the step's
    start time, so arming a step costs an attribute write, not a system call; a step is stopped
    between ``seconds`` and ``seconds`` plus a quarter of the base time. Outside the conditions
    above nothing is timed.

    Attributes:
        base: :func:`base_seconds` when the watchdog was made (callers timing many steps read
            it here rather than the environment each time).
    """

    def __init__(self) -> None:
        self.base = base_seconds()  # read once: the environment is looked up per call
        self.active = False
        self._previous: object = None
        self._started = 0.0
        self._allowed = 0.0  # 0: no step running
        self._clock = time.monotonic

    @staticmethod
    def current() -> Watchdog | None:
        """The watchdog active in this process, if any (a caller that times many documents
        enters one and the per-document code reuses it)."""
        return _ACTIVE[-1] if _ACTIVE else None

    def __enter__(self) -> Watchdog:
        if not hasattr(signal, "setitimer") or \
                threading.current_thread() is not threading.main_thread():
            return self
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None) or \
                signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
            return self  # someone else's timer: leave it alone
        self._previous = signal.signal(signal.SIGALRM, self._tick)
        tick = self.base / 4
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        self.active = True
        _ACTIVE.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
            self.active = False
            _ACTIVE.remove(self)
        self._allowed = 0.0

    def _tick(self, signum: int, frame: object) -> None:
        allowed = self._allowed
        if allowed and self._clock() - self._started > allowed:
            self._allowed = 0.0
            raise BudgetExpired

    def arm(self, seconds: float) -> None:
        """Start timing a step allowed ``seconds``."""
        self._started = self._clock()
        self._allowed = seconds

    def disarm(self) -> None:
        """The step is done."""
        self._allowed = 0.0

    @contextlib.contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Raise :class:`BudgetExpired` in the block after ``seconds`` (when active)."""
        self.arm(seconds)
        try:
            yield
        finally:
            self.disarm()
