"""Rule family parties: its rules land in the following commits."""
