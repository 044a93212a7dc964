"""The series blueprint, shared by every sub-resource's routes module (chapters have their own)."""

from ownverso.entrypoints.api.common.smorest import Blueprint

blp = Blueprint("series", __name__, url_prefix="/series",
                description="Series: details, images, settings, status, taxonomy and stats")
