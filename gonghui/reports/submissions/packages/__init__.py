"""Signed packages between offline installs (issue #17 §2): everything is in services.py."""
