"""Tips over HTTP."""
