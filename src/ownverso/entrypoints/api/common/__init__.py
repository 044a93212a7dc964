"""What every API module shares: the Api/Blueprint subclasses, errors, auth, schemas."""
