"""/payouts: authors' monthly payout statements."""
