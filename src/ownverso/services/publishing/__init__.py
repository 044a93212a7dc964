"""Use cases of the publishing module: series, their taxonomy and their public views."""
