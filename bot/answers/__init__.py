"""Turning a match into an answer a user can read. No discord import."""
