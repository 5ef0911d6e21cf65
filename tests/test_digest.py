"""isa-lint's own hashes are hashlib's, bit for bit: fingerprints in baselines stay valid."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from isa_lint.run import digest


@given(st.binary(max_size=5000), st.integers(min_value=1, max_value=64))
def test_same_digests_as_hashlib(data: bytes, size: int) -> None:
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert (
        digest.blake2b(data, digest_size=size).hexdigest()
        == hashlib.blake2b(data, digest_size=size).hexdigest()
    )
