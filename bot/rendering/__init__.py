"""Presenting answers without Discord: terminal text and the salary chart PNG (bot/ui shows them)."""
