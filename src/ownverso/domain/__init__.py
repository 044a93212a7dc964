"""Pure Python business rules: entities, value objects, state machines. No framework imports."""
