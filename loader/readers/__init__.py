"""Readers of the published warehouse: `wirehouse sql` and `wirehouse serve`.

They import nothing from the write side (tests/test_layering.py checks it)."""
