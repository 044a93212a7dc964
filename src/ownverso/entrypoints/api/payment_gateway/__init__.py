"""Authors' payment gateways over HTTP."""
