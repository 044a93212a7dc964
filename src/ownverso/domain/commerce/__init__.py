"""Commerce: what readers pay for besides memberships: products, coins and tips."""
