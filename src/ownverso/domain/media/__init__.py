"""The media library: uploaded files, folders, presigned uploads and their rules."""
