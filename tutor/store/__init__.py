"""The transcript store: SQLite schema, queries and the integrity chain."""
