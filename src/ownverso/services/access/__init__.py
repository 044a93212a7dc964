"""The paywall's use cases: gather the facts, ask the access rule, send what it allows."""
