"""isa-lint: policy as code for information sharing agreements."""

__version__ = "0.1.0"
