"""The command line: the quick start (``launch``), the click commands (``app``) and ``lint`` itself.

Nothing here checks an agreement; it reads the options, calls the driver and writes the result.
This file imports nothing, so the quick start pays for no more than it uses.
"""
