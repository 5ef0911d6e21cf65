"""Write files so that an interrupted run never leaves half a file behind.

Every file isa-lint writes (reports, baselines, calendars, new agreements) goes through
:func:`write_atomic`: the content is written to a temporary file in the same directory,
flushed to disk, then renamed over the target in one step.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], content: str | bytes, *, overwrite: bool = True) -> None:
    """Write ``content`` to ``path`` atomically; with ``overwrite=False`` never replace a file.

    Raises FileExistsError when ``overwrite`` is false and the file exists (checked again at
    the final step, so a file created meanwhile is not replaced either).
    """
    import tempfile  # here, not at the top: its imports cost start-up time on every run

    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} already exists")
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the target appeared meanwhile
            os.unlink(temporary)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
