"""Referrals: codes, clicks, applying a code, qualification and rewards, expiry, admin."""
