"""The media blueprint, shared by every sub-resource's routes module."""

from ownverso.entrypoints.api.common.smorest import Blueprint

blp = Blueprint("media", __name__, url_prefix="/media",
                description="The media library: uploads, folders, variants, delivery, usage")
