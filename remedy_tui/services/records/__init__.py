"""Keeping records lawfully: subject access requests, retention, legal holds and disposal."""
