"""Helpers for the test suite and benchmarks (throw-away PostgreSQL cluster, pytest plugin)."""
