"""Annotate: entity and number spans for the loaded articles (spaCy and the number grammar)."""
