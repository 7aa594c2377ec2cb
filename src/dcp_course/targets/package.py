"""Deterministic zips and atomic writes: the only stage that writes to disk."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath

from ..source.errors import BuildError
from .zip_format import Deflated, ZipEntry, ZipTooLarge, deflate, zip_bytes

DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold
FILE_MODE = 0o644


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


class CompressedContents:
    """Each distinct content of a build compressed once, in whichever process compressed it first.

    Worker processes hand over the pages they compressed; SCORM 1.2 and 2004 packages share
    their pages and assets, so the second zip finds most of its entries here already.
    """

    def __init__(self) -> None:
        self._by_content: dict[bytes, Deflated] = {}

    @staticmethod
    def compress(content: bytes) -> Deflated:
        """Compressed without being kept: safe to call in a worker process, whose memory is its own."""
        return deflate(content)

    def add(self, content: bytes, compressed: Deflated) -> None:
        self._by_content[content] = compressed

    def __call__(self, content: bytes) -> Deflated:
        compressed = self._by_content.get(content)
        if compressed is None:
            compressed = self._by_content[content] = deflate(content)
        return compressed


_build_contents: ContextVar[CompressedContents | None] = ContextVar("build_contents", default=None)


@contextmanager
def compressing_once(contents: CompressedContents) -> Iterator[CompressedContents]:
    """Within this block every deterministic_zip reuses and adds to the build's compressed contents."""
    token = _build_contents.set(contents)
    try:
        yield contents
    finally:
        _build_contents.reset(token)


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on the files: sorted names, fixed times and modes."""
    stamp = zip_timestamp()
    compress = _build_contents.get() or deflate
    names = sorted(files)
    for name in names:
        check_member_path(name)
    try:
        return zip_bytes(ZipEntry(name, compress(files[name]), FILE_MODE, stamp) for name in names)
    except ZipTooLarge as too_large:
        raise BuildError(f"cannot package: {too_large}") from None


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
