"""Helpers that tests run as separate processes."""
