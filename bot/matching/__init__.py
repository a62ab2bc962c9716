"""Understanding questions: normalising text, indexing phrasings, ranking and deciding.

Nothing in this package imports discord.
"""
