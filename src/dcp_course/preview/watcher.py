"""Watch the course sources and the templates from a background thread.

watchfiles (inotify and friends) when it is installed; otherwise a modest polling loop over file
sizes and modification times, so the preview still follows edits without it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Self

ChangeHandler = Callable[[set[Path]], None]
POLL_SECONDS = 0.5
CATCH_UP_MS = 1000


class SourceWatcher:
    """Calls on_change(paths) after each burst of edits under the given folders, until stop()."""

    def __init__(self, folders: Iterable[Path], on_change: ChangeHandler, step_ms: int = 40,
                 debounce_ms: int = 400) -> None:
        self.folders = [Path(f) for f in folders]
        self.on_change = on_change
        self.step_ms = step_ms
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dcp-preview-watcher", daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        folders = [f for f in self.folders if f.is_dir()]
        if not folders:
            return
        try:
            from watchfiles import watch
        except ImportError:
            self._poll(folders)
            return
        caught_up = False
        for changes in watch(*folders, stop_event=self._stop, step=self.step_ms, debounce=self.debounce_ms,
                             rust_timeout=CATCH_UP_MS, yield_on_timeout=True, raise_interrupt=False):
            if self._stop.is_set():
                return
            if changes:
                self._notify({Path(path) for _, path in changes})
            elif not caught_up:
                # The first quiet spell after the watches were set up: an edit made while they were
                # being set up raised no event, so ask once whether anything changed meanwhile.
                caught_up = True
                self._notify(set())

    def _poll(self, folders: list[Path]) -> None:
        seen = _stat_all(folders)
        while not self._stop.wait(POLL_SECONDS):
            now = _stat_all(folders)
            changed = {path for path in now.keys() | seen.keys() if now.get(path) != seen.get(path)}
            seen = now
            if changed:
                self._notify(changed)

    def _notify(self, changed: set[Path]) -> None:
        # one failed rebuild must not end the watching
        with contextlib.suppress(Exception):
            self.on_change(changed)


def _stat_all(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    stat = path.stat()
                    found[path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue
    return found
