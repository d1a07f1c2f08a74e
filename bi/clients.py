"""The BI-client table of docs/bi.md: what works with each client, and which test says so."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Client:
    name: str
    through: str
    checked_by: str
    works: str
    fails: str


CLIENTS_SOURCE = "Placeholder: filled from the serve-clients tests."

CLIENTS: tuple[Client, ...] = (
    Client("Apache Superset", "duckdb-engine URI; `wirehouse serve` (psycopg2)", "`make check-superset`",
           "see above", "see above"),
)
