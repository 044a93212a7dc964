"""Payments: the author's payments received and the reader's own, with receipts."""
