"""Keeping the FAQ current from Discord: edits that never lose data, the audit trail, reports.

Pure logic: nothing here imports discord. ``bot/exts/faq_admin`` is the thin Discord side.
"""
