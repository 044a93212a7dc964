"""Memberships: tiers (reader subscriptions, gifts and discounts build on them)."""
