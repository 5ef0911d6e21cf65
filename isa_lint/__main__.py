"""Allow ``python -m isa_lint``."""

from isa_lint.launch import main

main()
