"""Gift subscriptions over HTTP."""
