"""SHA-256 and BLAKE2b without ``import hashlib``.

hashlib loads OpenSSL's libcrypto when it is imported; CPython builds both hashes in, and
their modules load at once. What that spares, and why it stays: docs/performance.md
("Second paths and why they stay").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same interface as hashlib's, which the type checker knows
    from hashlib import blake2b, sha256
else:
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.10 and 3.11
        except ImportError:  # pragma: no cover - a Python built without its own hashes
            from hashlib import sha256
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without its own hashes
        from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
