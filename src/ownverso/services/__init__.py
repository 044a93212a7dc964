"""Use cases: one service class per module, talking to the world only through ports."""
