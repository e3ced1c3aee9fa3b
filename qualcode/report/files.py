"""Writing outputs atomically: a crash or an interrupt never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from qualcode.errors import OutputError

__all__ = ["atomic_directory", "atomic_path", "write_bytes", "write_text"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _share(path: Path) -> None:
    """Give a private temporary (mkstemp/mkdtemp make 0600/0700) the mode a plain write would
    have under the current umask, for it and everything inside it."""
    mask = _umask()
    targets = [path, *path.rglob("*")] if path.is_dir() else [path]
    for target in targets:
        with contextlib.suppress(OSError):
            target.chmod((0o777 if target.is_dir() else 0o666) & ~mask)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    On any exception (including ``KeyboardInterrupt``) the temporary file is removed and the
    previous ``target`` is left as it was.

    Raises:
        OutputError: If the folder cannot be written.
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write to {parent} ({exc.strerror})",
            path=target,
            hint="choose a folder you can write to",
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _share(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically and return the path."""
    return write_bytes(target, text.encode("utf-8"))


def atomic_directory(target: str | Path, build: Callable[[Path], None]) -> Path:
    """Build a folder with ``build(tmpdir)`` and then swap it in place of ``target``.

    The old folder is moved aside, the new one renamed into place, then the old one deleted, so
    at every moment ``target`` is either the complete old or the complete new folder.

    Raises:
        OutputError: If ``target`` exists and is not a folder, or cannot be replaced.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(
            "the output path exists and is not a folder", path=target,
            hint="choose another -o folder",
        )
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        build(tmp)
        _share(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old / "previous")
            try:
                os.replace(tmp, target)
            except OSError:
                os.replace(old / "previous", target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
