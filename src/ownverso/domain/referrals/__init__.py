"""Referrals: users' referral codes, clicks on them, and referrals with their rewards."""
