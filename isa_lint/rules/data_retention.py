"""Rule family data_retention: its rules land in the following commits."""
