"""Remedy: case management for concerns about doctors, dentists and pharmacists."""

__version__ = "0.1.0"
