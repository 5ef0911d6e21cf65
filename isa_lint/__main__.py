"""Allow ``python -m isa_lint``."""

from isa_lint.cli.launch import main

main()
