"""Entrypoints: the HTTP API, the RQ workers and the command line. They reach services only
through the container."""
