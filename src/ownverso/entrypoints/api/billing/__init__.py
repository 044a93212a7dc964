"""The platform's invoices to authors (usage fee) and their administration; the author's
subscription to Ownverso and its invoices (``subscription_routes``, ``invoice_routes``)."""
