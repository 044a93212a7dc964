"""Payments: gateway configuration, payment records, webhooks."""
