"""Opt-in BI tool checks (`make check-superset`); not part of the test suite."""
