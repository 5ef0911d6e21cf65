"""Rule family references: its rules land in the following commits."""
