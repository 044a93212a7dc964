"""Job functions: module-level, keyword arguments, one injected service call each."""
