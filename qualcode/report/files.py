"""Writing outputs atomically: a crash or an interrupt never leaves a half-written file.

Every output is written to a temporary beside its target, named ``.<target>.<pid>.<random>.tmp``,
and renamed over the target only when complete. An interrupt (Ctrl-C, ``SIGTERM``, which the CLI
turns into an interrupt) removes the temporary and leaves the previous output as it was. A
process killed outright (``SIGKILL``, a power cut) cannot clean up: the next write to the same
target removes the temporaries of processes that no longer run, and puts back a folder that was
moved aside (``.<target>.<pid>.<random>.old/previous``) if the kill came in the middle of the swap.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from qualcode.errors import OutputError

__all__ = ["CACHE_TAG", "OUTPUT_MARKER", "PAUSE_ENV", "atomic_directory", "atomic_path",
           "check_not_an_input", "check_output_folder", "is_cache_folder", "is_results_folder",
           "tag_cache_folder", "write_bytes", "write_text"]

PAUSE_ENV = "QUALCODE_TEST_PAUSE"
"""For tests of interrupted runs: ``file:<marker>`` or ``directory:<marker>`` makes the first
atomic write of that kind create ``<marker>`` and sleep just before its rename, so a test can
signal the process at that point."""


def _pause_for_tests(kind: str) -> None:
    where, _, marker = os.environ.get(PAUSE_ENV, "").partition(":")
    if where == kind and marker and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (unknown counts as running, so nothing is removed)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else, or cannot be asked
        return True
    return True


# Folders being built by atomic_directory in this process: nothing stale can be inside them,
# so writes there skip the scan for leftovers.
_BUILDING: set[Path] = set()


def _clean_stale(parent: Path, name: str) -> None:
    """Remove the temporaries of ``parent/name`` left by processes that no longer run, first
    putting back a folder that a killed swap left moved aside."""
    if _BUILDING and any(d == parent or d in parent.parents for d in _BUILDING):
        return
    prefix = f".{name}."
    try:
        entries = [e for e in parent.iterdir() if e.name.startswith(prefix)
                   and e.name.endswith((".tmp", ".old"))]
    except OSError:
        return
    target = parent / name
    for entry in sorted(entries, key=lambda e: e.name.endswith(".tmp")):  # .old first
        pid = entry.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        previous = entry / "previous"
        if entry.name.endswith(".old") and previous.is_dir() and not target.exists():
            with contextlib.suppress(OSError):
                os.replace(previous, target)
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _through_link(target: Path) -> Path:
    """``target``, or where it points if it is a symbolic link: an output named by a link is
    written into the link's target (renaming over the link would replace the link itself with
    a new file or folder and leave its target stale)."""
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


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
    previous ``target`` is left as it was. A ``target`` that is a symbolic link stays one: the
    file it points to is replaced.

    Raises:
        OutputError: If ``target`` is a folder, or cannot be written.
    """
    target = _through_link(Path(target))
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError("this is a folder, not a file", path=target,
                          hint="give the path of a file (in that folder or elsewhere)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(parent, target.name)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=parent)
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
        _pause_for_tests("file")
        try:
            os.replace(tmp, target)
        except OSError as exc:  # the target became a folder, or its folder is read-only
            raise OutputError(f"the file cannot be written ({exc.strerror})", path=target,
                              hint="choose a file name you can write to") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _is_source(path: Path) -> bool:
    """Whether a file in an input folder would be read as a source (a transcript, or a table
    that is not one of qualcode's own codings or segments tables)."""
    from qualcode.io.loader import output_table
    from qualcode.io.readers import READERS

    return path.suffix.lower() in READERS and output_table(path) is None


def check_not_an_input(output: str | Path | None, inputs: Iterable[str | Path | None], *,
                       option: str | None = None) -> None:
    """Refuse an output that is one of the files read, or would replace one: a run never
    writes over what it reads.

    Refused: an output equal to an input file; a source file inside an input folder (it would
    be passed over as a source, then replaced); a folder output that holds an input (a folder
    is replaced as a whole). An output that does not exist yet, ``None`` and ``"-"`` (stdout)
    pass. Functions that read and write call it before any work; the CLI calls it for every
    command's outputs.

    Args:
        output: The file or folder to be written.
        inputs: The files and folders read (``None`` and missing paths are passed over).
        option: The CLI option that names the output (``--output``, ``--disagreements``), for
            the message.

    Raises:
        OutputError: Naming the output and the input it would replace.
    """
    if output is None or str(output) == "-":
        return
    out = Path(output)
    if not out.exists():
        return
    resolved = out.resolve()
    what = "output" if option in (None, "--output") else f"{option} output"
    again = f"choose another {option or 'output'} file; qualcode never writes over a file it reads"
    for item in inputs:
        if item is None or str(item) == "-":
            continue
        path = Path(item)
        if not path.exists():
            continue
        if path.is_file() and path.resolve() == resolved:
            raise OutputError(f"the {what} is also an input of this command ({path})",
                              path=out, hint=again)
        if out.is_file() and path.is_dir() and path.resolve() in resolved.parents and \
                _is_source(out):
            raise OutputError(f"the {what} is a source file in the input folder {path}",
                              path=out, hint=again)
        if out.is_dir() and resolved in path.resolve().parents:
            raise OutputError(f"the {what} is a folder that holds an input of this command "
                              f"({path})", path=out, hint="choose another output; a folder "
                              "output is replaced as a whole")


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically and return the path."""
    return write_bytes(target, text.encode("utf-8"))


def _replace_hint(exc: OSError) -> str:
    """What to do when a folder cannot be replaced: a permission problem (``EACCES``,
    ``EPERM``, ``EROFS``) calls for another hint than a folder in use."""
    if exc.errno == errno.EROFS:
        return "it is on a read-only file system; choose another -o folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        if os.name == "nt":  # Windows says "access denied" for a folder in use, too
            return ("check that you may write to it and close programs using it (Explorer, "
                    "Excel), or choose another -o folder")
        return ("you may not change it: make it and the folder holding it writable (e.g. "
                "chmod u+w), or choose another -o folder")
    return "close programs using it, or choose another -o folder"


def _check_writable(target: Path) -> None:
    """Refuse, before any work, an output folder that could be built but not put in place:
    replacing ``target`` needs write access to the folder holding it and (to move it aside) to
    ``target`` itself; a missing ``target`` needs its nearest existing folder writable.
    Skipped on Windows, where the read-only mark of a folder does not stop writing into it."""
    if os.name == "nt":
        return
    needed = [target.parent if str(target.parent) else Path(".")]
    if target.is_dir():
        needed.append(target)
    for folder in needed:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            code = errno.EROFS if _read_only_fs(folder) else errno.EACCES
            what = "the output folder" if folder == target else \
                f"the folder that would hold it, {folder},"
            raise OutputError(f"{what} is not writable ({os.strerror(code)})", path=target,
                              hint=_replace_hint(OSError(code, os.strerror(code))))


def _read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


OUTPUT_MARKER = ".qualcode-output"
"""The file qualcode puts in every folder it writes as a whole: such a folder may be replaced
by the next run; any other folder with files in it is refused (see :func:`check_output_folder`).
"""

_MARKER_TEXT = ("# This folder was written by qualcode. A later run writing here replaces it as a\n"
                "# whole, unless it holds files that are not listed below or were changed\n"
                "# since (then it refuses). Keep your own files elsewhere.\n")


# the kinds of file results folders of earlier versions hold (tables, charts, reports, Parquet)
_RESULT_SUFFIXES = frozenset({".csv", ".xlsx", ".docx", ".md", ".html", ".json", ".png", ".svg",
                              ".pdf", ".parquet"})


def _provenance_ours(path: Path) -> bool:
    """Whether ``path`` is a ``provenance.json`` qualcode wrote (it names qualcode's version):
    the mark of a results folder from before :data:`OUTPUT_MARKER`."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return '"qualcode_version"' in handle.read(2000)
    except OSError:
        return False


CACHE_TAG = "CACHEDIR.TAG"
"""The file that marks a cache folder (the Cache Directory Tagging convention, which backup
and archiving tools also honour): qualcode's ``--cache`` folders carry it, and input folders
are read without the folders that carry it."""

_CACHE_SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"
_CACHE_TAG_TEXT = _CACHE_SIGNATURE + (
    b"\n# This file is a cache directory tag created by qualcode (its --cache folder).\n"
    b"# For information about cache directory tags see https://bford.info/cachedir/\n")


def tag_cache_folder(folder: Path) -> None:
    """Put :data:`CACHE_TAG` in ``folder`` unless it is there (a folder that cannot be written
    is left as it is: its cache entries cannot be saved either, which is said once)."""
    tag = folder / CACHE_TAG
    if tag.exists():
        return
    with contextlib.suppress(OSError):
        tag.write_bytes(_CACHE_TAG_TEXT)


def is_cache_folder(folder: Path) -> bool:
    """Whether ``folder`` carries a valid :data:`CACHE_TAG` (one starting with the signature)."""
    try:
        with (folder / CACHE_TAG).open("rb") as handle:
            return handle.read(len(_CACHE_SIGNATURE)) == _CACHE_SIGNATURE
    except OSError:
        return False


def is_results_folder(folder: Path) -> bool:
    """Whether qualcode wrote ``folder`` as a whole (it holds :data:`OUTPUT_MARKER`, or the
    ``provenance.json`` of a results folder of an earlier version)."""
    return (folder / OUTPUT_MARKER).exists() or _provenance_ours(folder / "provenance.json")


def _digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path) -> str:
    """The marker's text: a header, then ``sha256  relative/path`` of every file written."""
    lines = [f"{_digest(p)}  {p.relative_to(folder).as_posix()}"
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER]
    return _MARKER_TEXT + "".join(f"{line}\n" for line in lines)


def _foreign_files(target: Path) -> list[str]:
    """Files of a folder qualcode wrote that its manifest does not list as they are now
    (added or changed since); empty for a folder without a manifest (earlier versions)."""
    try:
        text = (target / OUTPUT_MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    listed: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if sep and not line.startswith("#"):
            listed[name] = digest
    if not listed:
        # no manifest (a folder of an earlier version, or a damaged marker): only files of the
        # kinds a results folder holds may go with it
        return sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                      if p.is_file() and p.name != OUTPUT_MARKER
                      and p.suffix.lower() not in _RESULT_SUFFIXES)
    found = []
    for path in sorted(target.rglob("*")):
        name = path.relative_to(target).as_posix()
        if path.is_file() and path.name != OUTPUT_MARKER and (
                listed.get(name) is None or _digest(path) != listed[name]):
            found.append(name)
    return found


def check_output_folder(target: str | Path, *, force: bool = False) -> None:
    """Refuse a folder output that would replace something qualcode did not write.

    ``target`` may be missing, an empty folder, or a folder qualcode wrote (it holds
    :data:`OUTPUT_MARKER` listing its files, none added or changed since; a folder of an
    earlier version, with qualcode's ``provenance.json``, may hold only the kinds of files
    results are); with ``force``, any folder. Commands call it before their work, and
    :func:`atomic_directory` again before the swap.

    Raises:
        OutputError: If ``target`` is a file, holds the current folder, is a folder of
            other files (without ``force``), or could not be written or replaced (no
            permission, a read-only file system).
    """
    target = _through_link(Path(target))
    if not target.exists():
        _check_writable(target)
        return
    if not target.is_dir():
        raise OutputError("the output path exists and is not a folder", path=target,
                          hint="choose another -o folder")
    here, resolved = Path.cwd().resolve(), target.resolve()
    if here == resolved or resolved in here.parents:
        raise OutputError("the output folder holds the current folder, and would be replaced "
                          "as a whole", path=target,
                          hint="give a new folder, e.g. -o results")
    _check_writable(target)
    if force:
        return
    if is_results_folder(target):
        changed = _foreign_files(target)
        if changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3
                                              else "")
            raise OutputError(
                f"the output folder holds files added or changed since qualcode wrote it "
                f"({shown}); it would be replaced as a whole", path=target,
                hint="move those files out of it, or write to another folder")
        return
    try:
        entries = sorted(p.name for p in target.iterdir())
    except OSError as exc:
        raise OutputError(f"cannot read the output folder ({exc.strerror})", path=target,
                          hint="choose a folder you can write to") from exc
    if entries:
        shown = ", ".join(entries[:3]) + (f" and {len(entries) - 3} more" if len(entries) > 3
                                          else "")
        raise OutputError(
            f"the output folder already holds files qualcode did not write ({shown}); it "
            "would be replaced as a whole", path=target,
            hint="give a new or empty folder; qualcode replaces only folders it wrote itself")


def atomic_directory(target: str | Path, build: Callable[[Path], None], *,
                     force: bool = False) -> Path:
    """Build a folder with ``build(tmpdir)`` and then swap it in place of ``target``.

    The old folder is moved aside, the new one renamed into place, then the old one deleted, so
    at every moment ``target`` is either the complete old or the complete new folder; an
    interrupt anywhere in between puts the old one back. The new folder holds
    :data:`OUTPUT_MARKER`, and an existing ``target`` must be one qualcode wrote (see
    :func:`check_output_folder`; ``force`` replaces any folder). A ``target`` that is a
    symbolic link stays one: the folder it points to is replaced, under the same rules.

    Raises:
        OutputError: If ``target`` exists and is not a folder, holds other files, or cannot be
            written or replaced.
    """
    given = Path(target)
    target = _through_link(given)
    parent = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}.{os.getpid()}."

    def cannot(exc: OSError) -> OutputError:
        return OutputError(f"cannot write to {parent} ({exc.strerror})", path=target,
                           hint="choose a folder you can write to")

    try:
        if parent.is_dir():  # a folder a killed swap left aside is put back before the check
            _clean_stale(parent, target.name)
    except OSError as exc:
        raise cannot(exc) from exc
    check_output_folder(target, force=force)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    except OSError as exc:
        raise cannot(exc) from exc
    old: Path | None = None
    _BUILDING.add(tmp)
    try:
        build(tmp)
        (tmp / OUTPUT_MARKER).write_text(_manifest(tmp), encoding="utf-8")
        _share(tmp)
        _pause_for_tests("directory")
        try:
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=prefix, suffix=".old", dir=parent))
                os.replace(target, old / "previous")
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"the folder cannot be replaced ({exc.strerror})", path=target,
                              hint=_replace_hint(exc)) from exc
    except BaseException:
        # Decided by what is on disk, not by how far the code got: an interrupt can land
        # between a rename and the next statement.
        if old is not None and not target.exists() and (old / "previous").exists():
            os.replace(old / "previous", target)
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        raise
    finally:
        _BUILDING.discard(tmp)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return given
