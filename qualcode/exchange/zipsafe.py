"""Reading a ZIP archive that nobody has vouched for.

A ``.qdpx`` file comes from elsewhere, so it is treated as hostile until proven otherwise: every
entry name is checked for path traversal, and entry count, declared sizes and compression ratios
are checked before anything is read. Reads stream and stop at the limits, whatever the headers
claim. Nothing is ever extracted to disk under an entry's name.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from qualcode.errors import ExchangeError

__all__ = ["SafeZip", "ZipLimits", "check_entry_name"]

_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 16
_MIB = 1 << 20
_READ_SPARE = 64 * _MIB  # what may be read beyond each entry once (see SafeZip.read)


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What an archive may hold before it is refused.

    Attributes:
        max_entries: Number of entries.
        max_entry_bytes: Declared uncompressed size of one entry (the spec's limit is 2^31-1).
        max_total_bytes: Declared uncompressed size of all entries together.
        max_ratio: Uncompressed/compressed size of one entry (zip bombs reach thousands).
        ratio_floor: Entries smaller than this (uncompressed) skip the ratio check.
        max_read_bytes: Bytes actually decompressed from any one entry that is read (the XML and
            the plain texts), enforced while streaming.
    """

    max_entries: int = 10_000
    max_entry_bytes: int = 2**31 - 1
    max_total_bytes: int = 4 * 2**30
    max_ratio: float = 100.0
    ratio_floor: int = _MIB
    max_read_bytes: int = 256 * _MIB


def check_entry_name(name: str) -> str | None:
    """Return why the entry name ``name`` is unsafe, or ``None`` if it is safe."""
    if not name:
        return "it has an empty name"
    if "\x00" in name:
        return "its name holds a NUL character"
    if "\\" in name:
        return "its name holds a backslash"
    if name.startswith("/"):
        return "its name is an absolute path"
    if _DRIVE.match(name):
        return "its name starts with a drive letter"
    if any(part == ".." for part in name.split("/")):
        return "its name climbs out of the archive with '..'"
    return None


def _mib(size: int) -> str:
    return f"{size / _MIB:.1f} MiB" if size >= _MIB else f"{size} bytes"


class SafeZip:
    """A ZIP archive whose entries passed the safety checks.

    Args:
        path: The archive.
        limits: The limits to enforce.

    Raises:
        ExchangeError: If the file is not a ZIP archive or breaks a limit.
    """

    def __init__(self, path: str | Path, limits: ZipLimits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError as exc:
            raise ExchangeError("file not found", path=self.path, hint="check the path") from exc
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExchangeError(
                f"not a readable ZIP archive ({exc})",
                path=self.path,
                hint="a .qdpx file is a ZIP archive; export it again from the QDA program",
            ) from exc
        try:
            self._infos = self._check(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise
        # every entry may be read once, with some room to spare: an archive whose project
        # points many sources at one text would otherwise be unpacked again for each of them
        self._read_budget = sum(i.file_size for i in self._infos.values()) + _READ_SPARE
        self._read_total = 0

    def _refuse(self, message: str, entry: str | None = None, hint: str | None = None) -> None:
        where = f"entry {entry!r}: " if entry is not None else ""
        raise ExchangeError(
            f"refused: {where}{message}",
            path=self.path,
            hint=hint or "the archive looks damaged or hostile; do not open it with other tools "
            "either, and ask its sender for a fresh export",
        )

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        if len(infos) > limits.max_entries:
            self._refuse(f"the archive holds {len(infos)} entries, more than the limit of "
                         f"{limits.max_entries}")
        seen: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            problem = check_entry_name(name)
            if problem is not None:
                self._refuse(f"{problem} (path traversal)", name)
            if info.flag_bits & 0x1:
                self._refuse("it is encrypted", name, "export the project again without a "
                             "password")
            key = name.casefold()
            if key in seen:
                self._refuse("the archive holds two entries with this name", name)
            seen[key] = info
            if info.file_size > limits.max_entry_bytes:
                self._refuse(f"it unpacks to {_mib(info.file_size)}, more than the limit of "
                             f"{_mib(limits.max_entry_bytes)}", name)
            total += info.file_size
            if total > limits.max_total_bytes:
                self._refuse(f"the entries unpack to more than {_mib(limits.max_total_bytes)} in "
                             "total")
            if info.file_size > limits.ratio_floor:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    self._refuse(f"it unpacks {ratio:.0f} times its packed size (limit "
                                 f"{limits.max_ratio:.0f}; a zip bomb)", name)
        return seen

    @property
    def names(self) -> list[str]:
        """Entry names in archive order."""
        return [info.filename for info in self._infos.values()]

    def find(self, name: str) -> str | None:
        """Return the entry named ``name`` compared case-insensitively, or ``None``."""
        info = self._infos.get(name.casefold())
        return info.filename if info is not None else None

    def read(self, name: str) -> bytes:
        """Read one entry, streaming and stopping at the limits.

        Raises:
            ExchangeError: If the entry is missing, larger than allowed or damaged.
        """
        info = self._infos.get(name.casefold())
        if info is None:
            raise ExchangeError(f"the archive has no entry {name!r}", path=self.path)
        limit = min(self.limits.max_read_bytes, info.file_size)
        if info.file_size > self.limits.max_read_bytes:
            self._refuse(f"it unpacks to {_mib(info.file_size)}, more than the "
                         f"{_mib(self.limits.max_read_bytes)} read limit", info.filename)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        self._refuse("it unpacks to more bytes than its header declares",
                                     info.filename)
                    self._read_total += len(chunk)
                    if self._read_total > self._read_budget:
                        self._refuse(
                            f"reading its entries again and again (this one among them) "
                            f"unpacks more than {_mib(self._read_budget)}, the size of all of "
                            "them and some to spare: its project points many sources at the "
                            "same files (an amplification bomb)", info.filename)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as exc:
            raise ExchangeError(
                f"entry {info.filename!r} cannot be unpacked ({exc})",
                path=self.path,
                hint="the archive is damaged; export the project again",
            ) from exc
        return b"".join(chunks)

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
