"""Adapters: the ports implemented on real technology and in memory."""
