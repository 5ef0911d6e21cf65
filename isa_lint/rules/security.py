"""Rule family security: its rules land in the following commits."""
