"""Persistence on SQLAlchemy 2 with imperative mapping: Postgres in production, SQLite embedded."""
