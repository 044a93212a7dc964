"""Checkout sessions: what a reader is paying for, the gateway's checkout, and the outcome."""
