"""Worker processes: the signal handling they start with."""

from __future__ import annotations

import signal

from qualcode.batch.worker import worker_signals
from qualcode.cli.common import on_termination


def test_workers_leave_stopping_to_the_writing_process():
    names = [n for n in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, n)]
    before = {n: signal.getsignal(getattr(signal, n)) for n in names}
    try:
        for name in ("SIGTERM", "SIGHUP"):  # as the console script installs them
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), on_termination)
        worker_signals()
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        if hasattr(signal, "SIGHUP"):
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)
