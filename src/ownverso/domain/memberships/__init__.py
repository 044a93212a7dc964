"""Memberships: the tiers an author sells on a site (reader subscriptions build on them)."""
