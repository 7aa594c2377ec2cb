"""Deterministic zips and atomic writes: the only stage that writes to disk."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from ..source.errors import BuildError

DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold
FILE_MODE = 0o644
# Below this many bytes in all, starting threads to compress costs more than it saves.
PARALLEL_DEFLATE_MIN_BYTES = 1 << 20


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """Entry time from SOURCE_DATE_EPOCH when set, so reproducible-build tooling can pin it."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    epoch = int(raw) if raw.isdigit() else DEFAULT_EPOCH
    epoch = max(epoch, DEFAULT_EPOCH)
    stamp = time.gmtime(epoch)
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec - stamp.tm_sec % 2)


def check_member_path(name: str) -> None:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or name.startswith("/"):
        raise BuildError(f"refusing to package unsafe path {name!r}")


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on the files: sorted names, fixed times and modes.

    A large output is compressed on every core first (zlib lets other threads run while it
    deflates), then written in name order: the same bytes as writing entry by entry.
    """
    names = sorted(files)
    for name in names:
        check_member_path(name)
    contents = [files[name] for name in names]
    threads = _cores()
    if sum(map(len, contents)) < PARALLEL_DEFLATE_MIN_BYTES or threads < 2 or any(map(_needs_zip64, contents)):
        return zip_entry_by_entry(files)
    return zip_precompressed(names, contents, _deflate_in_threads(contents, threads))


def zip_entry_by_entry(files: dict[str, bytes]) -> bytes:
    """The plain way: zipfile compresses and writes each entry in turn."""
    buffer = io.BytesIO()
    stamp = zip_timestamp()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            check_member_path(name)
            archive.writestr(_entry_info(name, stamp), files[name])
    return buffer.getvalue()


def _entry_info(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100000 | FILE_MODE) << 16
    info.create_system = 3
    return info


def deflate(data: bytes) -> tuple[bytes, int]:
    """What zipfile stores for one entry: raw deflate at zlib's default level, and the CRC.

    The default level, not the archive's 9: writestr() given a ZipInfo compresses at the
    ZipInfo's level, which is unset.
    """
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data)


def _deflate_in_threads(contents: Sequence[bytes], threads: int) -> Iterator[tuple[bytes, int]]:
    """Every entry deflated, in order, as soon as it and those before it are done.

    A few runs of neighbouring entries per thread keep the overhead low; handing them out in
    order means only the runs not yet written are held, not a second copy of the whole zip.
    """
    size = -(-len(contents) // (threads * 4))
    runs = [contents[i:i + size] for i in range(0, len(contents), size)]
    with ThreadPoolExecutor(threads) as pool:
        for run in pool.map(lambda run: [deflate(data) for data in run], runs):
            yield from run


def zip_precompressed(names: Sequence[str], contents: Sequence[bytes], deflated: Iterable[tuple[bytes, int]]) -> bytes:
    """The zip zipfile would write for these entries, from their deflated bytes.

    Each local header is the one zipfile writes once an entry is done (ZipInfo.FileHeader);
    zipfile then writes the central directory from its list of entries, as it always does.
    """
    buffer = io.BytesIO()
    stamp = zip_timestamp()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data, (compressed, crc) in zip(names, contents, deflated, strict=True):
            info = _entry_info(name, stamp)
            info.file_size, info.compress_size, info.CRC = len(data), len(compressed), crc
            info.flag_bits = 0  # as zipfile sets it for a seekable file
            info.header_offset = buffer.tell()
            buffer.write(info.FileHeader(False))
            buffer.write(compressed)
            archive.filelist.append(info)
            archive.NameToInfo[name] = info
        archive.start_dir = buffer.tell()  # where zipfile writes the central directory on close
        archive._didModify = True  # type: ignore[attr-defined]  # as writestr sets it: close() then writes the directory
    return buffer.getvalue()


def _needs_zip64(data: bytes) -> bool:
    """zipfile's rule (ZipFile._open_to_write): such an entry gets zip64 fields, left to zipfile."""
    return len(data) * 1.05 > zipfile.ZIP64_LIMIT


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def write_outputs(out_dir: Path, outputs: dict[str, dict[str, bytes] | bytes]) -> None:
    """Write every output into a temporary folder beside out_dir, then swap it in.

    Keys are names inside out_dir: a dict becomes a folder of files, bytes become one file.
    A failure before the swap leaves the previous out_dir exactly as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name in sorted(outputs):
            content = outputs[name]
            if isinstance(content, bytes):
                _write_file(staging / name, content)
            else:
                for relative in sorted(content):
                    check_member_path(relative)
                    _write_file(staging / name / relative, content[relative])
        _keep_other_outputs(out_dir, staging, set(outputs))
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _keep_other_outputs(out_dir: Path, staging: Path, rebuilt: set[str]) -> None:
    """A build of some formats (or languages) keeps the others from the previous build as they were.

    Rebuilt names may be nested (`web/de`): the other languages under `web/` are kept too.
    """
    if not out_dir.is_dir():
        return
    for entry in sorted(out_dir.iterdir()):
        if entry.name in rebuilt:
            continue
        inside = {name.partition("/")[2] for name in rebuilt if name.startswith(entry.name + "/")}
        if entry.is_dir() and inside:
            (staging / entry.name).mkdir(parents=True, exist_ok=True)
            _keep_other_outputs(entry, staging / entry.name, inside)
        elif entry.is_dir():
            shutil.copytree(entry, staging / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, staging / entry.name)


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.chmod(path, FILE_MODE)


def _swap(staging: Path, out_dir: Path) -> None:
    previous = out_dir.with_name(f".{out_dir.name}-previous")
    if previous.exists():
        shutil.rmtree(previous)
    if out_dir.exists():
        out_dir.rename(previous)
    staging.rename(out_dir)
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
