"""Ownverso: the platform on which authors of serialized fiction run their own sites."""

__version__ = "0.1.0"
