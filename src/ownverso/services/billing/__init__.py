"""The platform's own billing: usage-fee invoices to FREE-tier authors."""
