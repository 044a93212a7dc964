"""Chapter imports and exports, and comic page processing, in the background."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.publishing.chapter_images import ChapterImageService
from ownverso.services.publishing.exporting import ExportService
from ownverso.services.publishing.importing import ImportService


@inject
def run_import(*, job_id: str, imports: ImportService = Provide["chapter_imports"]) -> str:
    """Convert the uploaded document and create its chapters (all or none)."""
    return imports.run(job_id=job_id)


@inject
def run_export(*, job_id: str, exports: ExportService = Provide["chapter_exports"]) -> str:
    """Write the series to a file in storage."""
    return exports.run(job_id=job_id)


@inject
def process_chapter_image(*, image_id: str,
                          images: ChapterImageService = Provide["chapter_images"]) -> str:
    """Dimensions, thumbnail and placeholder of a comic page."""
    return images.process(image_id=image_id)
