"""The bytes of a zip archive (PKWARE APPNOTE 6.3), from entries that may already be compressed.

zipfile compresses every entry itself, in the process that writes the archive; our pages are
compressed where they are rendered, on every core, and SCORM 1.2 and 2004 packages share most
of their entries. This writes exactly the layout zipfile writes for the same entries (a test
compares the two byte for byte), so the packages do not change with where compression ran.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

# zlib's default level, which every package so far was written with (zipfile ignored the archive's
# compresslevel=9 for entries given as ZipInfo); level 9 saves 0.07 % of a package for 10 % more time.
LEVEL = 6
METHOD_DEFLATED = 8
VERSION = 20  # 2.0: deflate, folders; nothing newer is used
UTF8_NAMES = 0x800  # general purpose flag bit 11: the name is UTF-8
CREATED_ON_UNIX = 3  # so the external attributes carry a Unix file mode
MAX_ENTRIES = 0xFFFF  # beyond these limits a zip needs the ZIP64 extensions, which we do not write
MAX_SIZE = 0x7FFFFFFF

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_OF_CENTRAL_DIRECTORY = struct.Struct("<4s4H2LH")


@dataclass(frozen=True, slots=True)
class Deflated:
    """One entry's data as it is stored: raw deflate stream, with the CRC and size of the original."""

    crc: int
    size: int
    data: bytes


def deflate(content: bytes) -> Deflated:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Deflated(zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: str
    content: Deflated
    mode: int  # Unix permission bits
    date_time: tuple[int, int, int, int, int, int]


class ZipTooLarge(ValueError):
    """The archive would need ZIP64 records."""


def zip_bytes(entries: Iterable[ZipEntry]) -> bytes:
    """The archive: each entry's local header and data in the given order, then the central directory."""
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        name, flags = _encoded_name(entry.name)
        stored = entry.content
        if max(stored.size, len(stored.data), offset) > MAX_SIZE:
            raise ZipTooLarge(f"{entry.name!r} lies beyond the 2 GB a zip without ZIP64 can address")
        dos_time, dos_date = _dos_time(entry.date_time)
        fields = (VERSION, 0, flags, METHOD_DEFLATED, dos_time, dos_date, stored.crc, len(stored.data), stored.size,
                  len(name), 0)
        parts += (_LOCAL_HEADER.pack(b"PK\x03\x04", *fields), name, stored.data)
        central += (_CENTRAL_HEADER.pack(b"PK\x01\x02", VERSION, CREATED_ON_UNIX, *fields, 0, 0, 0,
                                         (0o100000 | entry.mode) << 16, offset), name)
        offset += _LOCAL_HEADER.size + len(name) + len(stored.data)
    count = len(central) // 2
    if count > MAX_ENTRIES:
        raise ZipTooLarge(f"{count} files are more than the {MAX_ENTRIES} a zip without ZIP64 can hold")
    directory = b"".join(central)
    end = _END_OF_CENTRAL_DIRECTORY.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join((*parts, directory, end))


def _encoded_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAMES


def _dos_time(stamp: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
