"""Ingest: read input files, parse them into articles, dedup, and load the raw tables."""
