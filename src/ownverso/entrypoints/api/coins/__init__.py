"""Reader coins over HTTP: wallet, ledger, packages, buying and unlocking."""
