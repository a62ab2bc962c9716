"""Loading and validating the YAML knowledge base into an immutable snapshot.

Nothing in this package imports discord.
"""
