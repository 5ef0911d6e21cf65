"""Rule family duties: its rules land in the following commits."""
