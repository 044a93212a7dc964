"""Site settings: comments, content defaults, SEO fields and site details, with their rules."""

import re

from ownverso.domain.errors import RuleViolation
from ownverso.domain.sites.values import ContentRating

MODERATION_MODES = ("pre", "post", "none")
LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
SOCIAL_NETWORKS = frozenset({"twitter", "instagram", "tiktok", "youtube", "discord", "patreon",
                             "kofi", "facebook", "mastodon", "bluesky", "website"})


def check_moderation_mode(mode: str) -> str:
    if mode not in MODERATION_MODES:
        raise RuleViolation("Comment moderation is pre, post or none.",
                            code="invalid_moderation_mode",
                            fields={"comments_moderation_mode": ["Not one of pre, post, none."]})
    return mode


def check_language(language: str) -> str:
    if not isinstance(language, str) or not LANGUAGE.match(language):
        raise RuleViolation("Languages are codes like 'en' or 'pt-BR'.", code="invalid_language",
                            fields={"default_language": ["Not a language code."]})
    return language


def check_content_rating(rating: str) -> ContentRating:
    try:
        return ContentRating(rating)
    except ValueError:
        raise RuleViolation("Content ratings are EVERYONE, TEEN or MATURE.",
                            code="invalid_content_rating",
                            fields={"default_content_rating": ["Unknown rating."]}) from None


def check_social_links(links: dict) -> dict:
    for network, url in links.items():
        if network not in SOCIAL_NETWORKS:
            raise RuleViolation(f"Unknown social network '{network}'.", code="invalid_social_links",
                                fields={"social_links": [f"Unknown network '{network}'."]})
        if url is not None and not (isinstance(url, str) and url.startswith("https://")
                                    and len(url) <= 2048):
            raise RuleViolation("Social links are https:// addresses.",
                                code="invalid_social_links",
                                fields={"social_links": [f"'{network}' is not an https URL."]})
    return {k: v for k, v in links.items() if v}
