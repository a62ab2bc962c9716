"""Benchmarks that print figures; run them as ``python -m bench.<name>`` from the repository root."""
