"""The blueprints of chapter import/export and comic images, with every route loaded."""

from ownverso.entrypoints.api.chapter_io import (  # noqa: F401  (register the routes)
    export_routes,
    image_routes,
    import_routes,
    job_routes,
)
from ownverso.entrypoints.api.chapter_io.blueprints import (
    chapter_io,
    export_jobs,
    import_jobs,
    series_io,
)

BLUEPRINTS = (series_io, chapter_io, import_jobs, export_jobs)
