"""isa-lint: policy as code for information sharing agreements."""

import sys

__version__ = "0.1.0"

# An editable install leaves isa-lint's bytecode to the import system, which some
# environments (PYTHONDONTWRITEBYTECODE, common in CI images) tell never to save it: every
# start would then compile isa-lint's sources again (docs/performance.md). Set here, before any other
# module of the package is imported, so they are compiled once, as in an installed wheel.
sys.dont_write_bytecode = False
