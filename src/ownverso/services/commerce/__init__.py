"""Commerce use cases: the product catalog, reader coins and tips (purchases come next)."""
