"""The per-segment time limit: a repeating timer checks the armed step's start time."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from qualcode.coding.budget import (
    BASE_SECONDS,
    SECONDS_ENV,
    BudgetExpired,
    Watchdog,
    base_seconds,
    segment_seconds,
)


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_base_seconds_reads_the_environment(monkeypatch):
    monkeypatch.delenv(SECONDS_ENV, raising=False)
    assert base_seconds() == BASE_SECONDS
    monkeypatch.setenv(SECONDS_ENV, "2.5")
    assert base_seconds() == 2.5
    monkeypatch.setenv(SECONDS_ENV, "0")
    assert base_seconds() == 0.001
    monkeypatch.setenv(SECONDS_ENV, "soon")
    assert base_seconds() == BASE_SECONDS
    assert segment_seconds(500_000, 1.0) == 6.0
    assert segment_seconds(0) == BASE_SECONDS


def test_an_armed_step_over_its_time_is_stopped(monkeypatch):
    monkeypatch.setenv(SECONDS_ENV, "0.04")
    started = time.monotonic()
    with Watchdog() as dog, pytest.raises(BudgetExpired):
        assert dog.active
        dog.arm(0.05)
        _spin(5)
    assert time.monotonic() - started < 1
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_disarmed_and_short_steps_run_on(monkeypatch):
    monkeypatch.setenv(SECONDS_ENV, "0.04")
    with Watchdog() as dog:
        for _ in range(5):
            dog.arm(0.2)
            _spin(0.01)
            dog.disarm()
        _spin(0.3)  # nothing armed: the ticks do nothing
        with dog.limit(0.2):
            _spin(0.01)


def test_the_watchdog_stays_off_outside_the_main_thread():
    seen = []

    def work():
        with Watchdog() as dog:
            seen.append(dog.active)
            dog.arm(0.001)
            _spin(0.05)
            dog.disarm()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [False]


def test_someone_elses_timer_is_left_alone():
    def theirs(*_: object) -> None:
        pass

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with Watchdog() as dog:
            assert not dog.active
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_active_watchdog_is_found_and_reused(monkeypatch):
    monkeypatch.setenv(SECONDS_ENV, "0.04")
    assert Watchdog.current() is None
    with Watchdog() as dog:
        assert Watchdog.current() is dog
        with Watchdog() as inner:  # a second one finds the timer in use and stays off
            assert not inner.active
            assert Watchdog.current() is dog
    assert Watchdog.current() is None


def test_match_segments_uses_the_running_watchdog(monkeypatch):
    from qualcode.coding.engine import match_segments
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import parse_codebook
    from qualcode.model import Document, Segment

    book = parse_codebook("name: t\nversion: '1'\ncodes:\n  - id: c\n    rules:\n"
                          "      - phrases: [kata]\n")
    matcher = compile_codebook(book)
    doc = Document("d", "kata lain")
    seg = Segment("d", 0, 0, 9, "kata lain")
    entered = []
    real_enter = Watchdog.__enter__

    def spy(self):
        entered.append(self)
        return real_enter(self)

    monkeypatch.setattr(Watchdog, "__enter__", spy)
    with Watchdog():
        found = [match_segments(matcher, doc, [seg]) for _ in range(3)]
    assert [[(k, m.code) for k, m in f] for f in found] == [[(0, "c")]] * 3
    assert len(entered) == 1  # not once per document


def test_a_segment_too_long_for_its_limit_is_not_blamed_on_a_regex(monkeypatch):
    from qualcode.coding.slow import too_slow
    from qualcode.io.codebook import parse_codebook
    from qualcode.model import Document, Segment

    book = parse_codebook("name: t\nversion: '1'\ncodes:\n  - id: a\n    rules:\n"
                          "      - regex: '\\bkata\\b'\n")
    text = "kata lain " * 1000
    doc = Document(id="d", text=text)
    segment = Segment(document="d", index=0, start=0, end=len(text), text=text)
    with Watchdog() as dog:
        error = too_slow(dog, book, doc, segment)
    assert "no rule's regular expression is slow on it alone" in error.message
    assert "QUALCODE_SEGMENT_SECONDS" in error.hint
    # the search for a culprit takes at most the segment's limit in all, however many rules
    # are each a little under it
    import qualcode.coding.slow as slow_module

    class Sluggish:
        def finditer(self, text):
            _spin(0.2)
            return iter(())

    monkeypatch.setenv(SECONDS_ENV, "0.5")
    monkeypatch.setattr(slow_module, "compile_pattern", lambda pattern: Sluggish())
    many = parse_codebook("name: t\nversion: '1'\ncodes:\n" + "".join(
        f"  - id: c{i}\n    rules:\n      - regex: 'x{i}'\n" for i in range(50)))
    started = time.monotonic()
    with Watchdog() as dog:
        error = too_slow(dog, many, doc, Segment(document="d", index=0, start=0, end=4,
                                                 text="kata"))
    assert time.monotonic() - started < 2  # 50 rules of 0.2 s each took 10 s
    assert "backtracks too much" in error.message
