"""The sites blueprint, shared by every sub-resource's routes module."""

from ownverso.entrypoints.api.common.smorest import Blueprint

blp = Blueprint("sites", __name__, url_prefix="/sites",
                description="Sites: settings, branding, theme, integrations, domain and pages")
