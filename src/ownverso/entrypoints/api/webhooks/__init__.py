"""Incoming payment webhooks and their administration."""
