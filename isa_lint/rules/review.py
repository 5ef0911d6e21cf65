"""Rule family review: its rules land in the following commits."""
