"""Rule family required: its rules land in the following commits."""
