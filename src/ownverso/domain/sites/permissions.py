"""The permission matrix: what each role may do on a site, written once.

The site's author is its OWNER and may do everything. Collaborators get their role's set.
Services ask ``allowed(role, permission)`` on every site-scoped use case.
"""

from enum import StrEnum

from ownverso.domain.sites.values import CollaboratorRole


class Permission(StrEnum):
    SITE_READ = "site.read"              # the site's private settings and dashboards
    SITE_UPDATE = "site.update"          # name, settings, branding, theme, integrations
    SITE_DELETE = "site.delete"          # delete and restore the site
    DOMAIN_MANAGE = "domain.manage"      # custom domain
    COLLABORATORS_MANAGE = "collaborators.manage"
    CONTENT_READ = "content.read"        # drafts, versions, unpublished pages and chapters
    CONTENT_WRITE = "content.write"      # create and edit series, chapters, pages
    CONTENT_PUBLISH = "content.publish"  # publish, schedule, unpublish
    CONTENT_DELETE = "content.delete"
    TRANSLATIONS_WRITE = "translations.write"
    MEDIA_READ = "media.read"
    MEDIA_WRITE = "media.write"
    ANALYTICS_READ = "analytics.read"
    MONETIZATION_MANAGE = "monetization.manage"  # tiers, prices, discounts, products
    BILLING_MANAGE = "billing.manage"            # the platform plan and invoices
    PAYOUTS_MANAGE = "payouts.manage"            # where the money goes


OWNER = "OWNER"
_ALL = frozenset(Permission)
_READ = frozenset({Permission.SITE_READ, Permission.CONTENT_READ, Permission.MEDIA_READ})

MATRIX: dict[str, frozenset[Permission]] = {
    OWNER: _ALL,
    CollaboratorRole.MANAGER: _ALL - {Permission.SITE_DELETE, Permission.PAYOUTS_MANAGE},
    CollaboratorRole.EDITOR: _READ | {
        Permission.CONTENT_WRITE, Permission.CONTENT_PUBLISH, Permission.CONTENT_DELETE,
        Permission.TRANSLATIONS_WRITE, Permission.MEDIA_WRITE},
    CollaboratorRole.TRANSLATOR: _READ | {Permission.TRANSLATIONS_WRITE},
    CollaboratorRole.ANALYST: _READ | {Permission.ANALYTICS_READ},
}


def allowed(role: str, permission: Permission) -> bool:
    return permission in MATRIX.get(role, frozenset())


def permissions_of(role: str) -> list[str]:
    return sorted(p.value for p in MATRIX.get(role, frozenset()))
