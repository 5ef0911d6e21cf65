"""Allow ``python -m isa_lint``."""

from isa_lint.cli import main

main()
