"""Refund requests for purchases: the reader's, the site team's and the administrators'."""
