"""Chapter import and export, their jobs, and the pages of comic chapters."""
