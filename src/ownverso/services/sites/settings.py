"""Site settings (comments, content defaults, SEO, social links) and analytics integrations."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.sites.integrations import (
    FORMATS,
    check_integration_id,
    check_tracking_code,
    format_problem,
)
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.settings import (
    check_content_rating,
    check_language,
    check_moderation_mode,
    check_social_links,
)
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import ValidationFailed, domain_rules
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.rendering import sanitize_html
from ownverso.services.sites.access import require

GROUPS = {
    "comments": ("comments_enabled", "comments_moderation_mode", "allow_anonymous_comments"),
    "content": ("default_content_rating", "default_language"),
    "seo": ("meta_title", "meta_description", "canonical_url"),
}
TOP_LEVEL = ("is_public", "analytics_enabled", "social_links")
NULLABLE = frozenset(GROUPS["seo"])
CHECKS = {"comments_moderation_mode": check_moderation_mode, "default_language": check_language,
          "default_content_rating": check_content_rating, "social_links": check_social_links}
INTEGRATIONS = ("google_analytics_id", "facebook_pixel_id", "custom_tracking_code",
                "analytics_enabled")


def settings_of(site: Site) -> dict:
    groups = {group: {name: getattr(site, name) for name in names}
              for group, names in GROUPS.items()}
    return {**groups, **{name: getattr(site, name) for name in TOP_LEVEL}}


def integrations_of(site: Site) -> dict:
    return {**{name: getattr(site, name) for name in INTEGRATIONS},
            "integrations_verified_at": site.integrations_verified_at}


@dataclass(frozen=True)
class IntegrationCheck:
    configured: bool
    valid: bool
    message: str


class SiteSettingsService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def settings(self, *, actor: Actor, site_id: str) -> dict:
        with self.uow() as uow:
            return settings_of(require(uow, actor, site_id, Permission.SITE_READ).site)

    def update_settings(self, *, actor: Actor, site_id: str, changes: dict) -> dict:
        """Change some settings: ``{"comments": {...}, "content": {...}, "seo": {...},
        "is_public": …, "analytics_enabled": …, "social_links": {...}}``."""
        flat = {name: changes[name] for name in TOP_LEVEL if name in changes}
        for group in GROUPS:
            flat.update(changes.get(group) or {})
        return self._apply(actor, site_id, flat)

    def update_comments(self, *, actor: Actor, site_id: str, changes: dict) -> dict:
        return self.update_settings(actor=actor, site_id=site_id, changes={"comments": changes})

    def update_content(self, *, actor: Actor, site_id: str, changes: dict) -> dict:
        return self.update_settings(actor=actor, site_id=site_id, changes={"content": changes})

    def _apply(self, actor: Actor, site_id: str, flat: dict) -> dict:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            for name, value in flat.items():
                if value is None and name not in NULLABLE:
                    raise ValidationFailed(f"{name} cannot be null.", code="null_not_allowed",
                                           fields={name: ["Cannot be null."]})
                check = CHECKS.get(name)
                with domain_rules():
                    setattr(site, name, check(value) if check and value is not None else value)
            site.updated_at = self.clock.now()
            uow.commit()
            return settings_of(site)

    # -- integrations -----------------------------------------------------------------------
    def integrations(self, *, actor: Actor, site_id: str) -> dict:
        with self.uow() as uow:
            return integrations_of(require(uow, actor, site_id, Permission.SITE_READ).site)

    def update_integrations(self, *, actor: Actor, site_id: str, changes: dict) -> dict:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            with domain_rules():
                for name in FORMATS:
                    if name in changes:
                        setattr(site, name, check_integration_id(name, changes[name]))
                if "custom_tracking_code" in changes:
                    code = check_tracking_code(changes["custom_tracking_code"])
                    site.custom_tracking_code = sanitize_html(code) if code else None
            if "analytics_enabled" in changes:
                site.analytics_enabled = changes["analytics_enabled"]
            site.integrations_verified_at = None  # what was verified has changed
            site.updated_at = self.clock.now()
            uow.commit()
            return integrations_of(site)

    def verify_integrations(self, *, actor: Actor, site_id: str) -> dict:
        """Check each integration's format; records when it was done."""
        now: datetime = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            results = {name.removesuffix("_id"): self._check(name, getattr(site, name))
                       for name in FORMATS}
            results["custom_tracking_code"] = self._check_code(site.custom_tracking_code)
            site.integrations_verified_at = now
            uow.commit()
        return {"verified_at": now, "all_valid": all(r.valid for r in results.values()),
                "results": results}

    @staticmethod
    def _check(name: str, value: str | None) -> IntegrationCheck:
        if not value:
            return IntegrationCheck(configured=False, valid=True, message="Not configured.")
        problem = format_problem(name, value)
        return IntegrationCheck(configured=True, valid=problem is None,
                                message=problem or "The id is well-formed.")

    @staticmethod
    def _check_code(code: str | None) -> IntegrationCheck:
        if not code:
            return IntegrationCheck(configured=False, valid=True, message="Not configured.")
        safe = sanitize_html(code) == code
        return IntegrationCheck(configured=True, valid=safe,
                                message="Safe markup." if safe else "Contains unsafe markup.")
