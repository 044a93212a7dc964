"""Publishing: series, chapters, their taxonomy and their lifecycle."""
