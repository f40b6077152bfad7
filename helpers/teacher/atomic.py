"""The one atomic file write of the teacher tools (gradebook, summaries, feedback, release files)."""

from __future__ import annotations

import contextlib
import os
import pathlib
import tempfile


def atomic_write(path, write, *, encoding: str | None = "utf-8", newline=None, binary: bool = False) -> None:
    """Write ``path`` through ``write(fh)`` into a temporary file in the same folder, fsync, then ``os.replace``:
    readers see the old file or the new one, never half of one."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode = "wb" if binary else "w"
        kw = {} if binary else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kw) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
