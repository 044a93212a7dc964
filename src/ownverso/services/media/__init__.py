"""Use cases of the media library: uploads, the library itself, folders, variants, delivery
and usage. Each module holds one service; ``kit`` gathers the ports they share."""
