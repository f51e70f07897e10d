"""DuckDB store: schema, migrations, seeding, batches and parameterised queries."""

from .db import connect, transaction

__all__ = ["connect", "transaction"]
