"""The platform's invoices to authors (usage fee) and their administration."""
