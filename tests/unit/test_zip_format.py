"""Our zip writer lays out exactly what zipfile writes, and refuses what would need ZIP64."""

from __future__ import annotations

import io
import zipfile

import pytest

from dcp_course.targets.zip_format import (
    LEVEL,
    MAX_ENTRIES,
    Deflated,
    ZipEntry,
    ZipTooLarge,
    deflate,
    zip_bytes,
)

STAMP = (2023, 11, 14, 22, 13, 20)
FILES = {
    "a/page.html": b"<p>" + b"community policing online " * 400 + b"</p>",
    "empty.txt": b"",
    "assets/js/\u00e9l\u00e8ve.js": "console.log('\u00e9')".encode(),
    "z.bin": bytes(range(256)) * 7,
}


def zipfile_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | 0o644) << 16
            info.create_system = 3
            info._compresslevel = LEVEL  # type: ignore[attr-defined]  # the level zipfile would use
            archive.writestr(info, files[name])
    return buffer.getvalue()


def test_the_archive_is_byte_for_byte_what_zipfile_writes() -> None:
    ours = zip_bytes(ZipEntry(name, deflate(FILES[name]), 0o644, STAMP) for name in sorted(FILES))
    assert ours == zipfile_bytes(FILES)


def test_zipfile_reads_every_entry_back_with_its_time_and_mode() -> None:
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(ZipEntry(n, deflate(c), 0o644, STAMP) for n, c in FILES.items())))
    assert archive.testzip() is None
    assert {info.filename: archive.read(info) for info in archive.infolist()} == FILES
    assert {(info.date_time, info.external_attr >> 16) for info in archive.infolist()} == {(STAMP, 0o100644)}


def test_more_entries_than_a_zip_without_zip64_holds_are_refused() -> None:
    tiny = deflate(b"x")
    entries = (ZipEntry(f"{number}.txt", tiny, 0o644, STAMP) for number in range(MAX_ENTRIES + 1))
    with pytest.raises(ZipTooLarge, match="65536 files"):
        zip_bytes(entries)


def test_an_entry_larger_than_2_gb_is_refused_before_anything_is_written() -> None:
    huge = Deflated(crc=0, size=2**31, data=b"")
    with pytest.raises(ZipTooLarge, match=r"'big\.bin' lies beyond"):
        zip_bytes([ZipEntry("big.bin", huge, 0o644, STAMP)])
