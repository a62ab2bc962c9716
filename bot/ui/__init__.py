"""Everything Discord shows: embeds, buttons, selects, interaction helpers, and the persistent items.

With bot/exts/, the client and command sync, the only code that imports discord (tests/test_architecture.py).
"""
