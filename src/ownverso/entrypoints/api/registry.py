"""Every blueprint of the API, registered under /api/v1."""

from ownverso.entrypoints.api.auth.routes import blp as auth
from ownverso.entrypoints.api.authors.routes import blp as authors
from ownverso.entrypoints.api.platform.routes import blp as platform
from ownverso.entrypoints.api.sandbox.routes import blp as sandbox
from ownverso.entrypoints.api.users.author_profile import blp as author_profile
from ownverso.entrypoints.api.users.routes import blp as users

BLUEPRINTS = (platform, auth, users, author_profile, authors, sandbox)


def register_blueprints(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
