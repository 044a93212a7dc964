"""Accounts: profiles, preferences, author profiles and the platform tier with its limits."""
