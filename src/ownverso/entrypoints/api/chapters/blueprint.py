"""The chapters blueprint, shared by every sub-resource's routes module."""

from ownverso.entrypoints.api.common.smorest import Blueprint

blp = Blueprint("chapters", __name__, url_prefix="/chapters",
                description="Chapters: text, versions, publishing and scheduling, access, "
                            "warnings")
