"""Remedy's published speed: seeded synthetic stores and timings of every screen's work."""
