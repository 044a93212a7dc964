"""Checkout: sessions that collect a payment through the gateway and fulfil what was bought."""
