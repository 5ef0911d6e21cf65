"""Rule family lawful_bases: its rules land in the following commits."""
