"""The language server (``isa-lint server``): isa-lint's findings, hover, completion and quick fixes in the editor."""
