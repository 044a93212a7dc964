"""Media jobs: image variants and processing, and the clean-up of abandoned uploads."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.media.processing import MediaProcessingService
from ownverso.services.media.uploads import MediaUploadService


@inject
def resize_media(*, media_id: str, width: int | None, height: int | None, fit: str,
                 processing: MediaProcessingService = Provide["media_processing"]) -> list[str]:
    return processing.resize(media_id=media_id, width=width, height=height, fit=fit)


@inject
def optimize_media(*, media_id: str, quality: int,
                   processing: MediaProcessingService = Provide["media_processing"],
                   ) -> list[str]:
    return processing.optimize(media_id=media_id, quality=quality)


@inject
def process_media(*, media_id: str,
                  processing: MediaProcessingService = Provide["media_processing"]) -> list[str]:
    """Dimensions, thumbnail and placeholder of an image."""
    return processing.process(media_id=media_id)


@inject
def purge_expired_uploads(*, uploads: MediaUploadService = Provide["media_uploads"]) -> int:
    """Drop presigned uploads that expired without being completed."""
    return uploads.purge_expired()
