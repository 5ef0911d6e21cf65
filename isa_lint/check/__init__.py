"""Check: the engine runs the rules over loaded documents, with configuration, packs and suppressions."""
