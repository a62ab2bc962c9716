"""Presenting an Answer: as terminal text here, as a Discord embed in embed.py."""
