"""Site themes: a catalog of styles a site picks from, with its own choices merged on top."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation

TIER_ORDER = list(PlatformTier)
CHOICES = {"color_scheme": "color_schemes", "font": "font_options", "layout": "layout_options"}
COLOR_NAMES = ("primary", "secondary", "accent")


def tier_reaches(tier: str, required: str | None) -> bool:
    """Whether a platform ``tier`` is ``required`` or above (unknown tiers reach nothing)."""
    if not required:
        return True
    try:
        return TIER_ORDER.index(PlatformTier(tier)) >= TIER_ORDER.index(PlatformTier(required))
    except ValueError:
        return False


@dataclass(eq=False, kw_only=True)
class Theme(Entity):
    slug: str
    name: str
    category: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    thumbnail_url: str | None = None
    preview_url: str | None = None
    styles: dict = field(default_factory=dict)
    color_schemes: list = field(default_factory=list)
    font_options: list = field(default_factory=list)
    layout_options: list = field(default_factory=list)
    is_public: bool = True
    is_premium: bool = False
    required_tier: str | None = None
    usage_count: int = 0

    def available_on(self, tier: str) -> bool:
        return not self.is_premium or tier_reaches(tier, self.required_tier or "STARTER")

    def _option(self, kind: str, name: str | None) -> dict | None:
        if name is None:
            return None
        for option in getattr(self, CHOICES[kind]):
            if option.get("name") == name:
                return option
        return None

    def offers(self, kind: str, name: str | None) -> bool:
        return kind in CHOICES and self._option(kind, name) is not None

    def check_settings(self, settings: dict) -> dict:
        """The site's choices (``color_scheme``, ``font``, ``layout``), each one offered."""
        for kind, name in settings.items():
            if kind not in CHOICES:
                raise RuleViolation(f"Themes have no '{kind}' setting.",
                                    code="invalid_theme_setting",
                                    fields={kind: ["Unknown setting."]})
            if name is not None and self._option(kind, name) is None:
                offered = ", ".join(o["name"] for o in getattr(self, CHOICES[kind]))
                raise RuleViolation(f"This theme offers no {kind} '{name}' (offers: {offered}).",
                                    code="invalid_theme_setting", fields={kind: ["Not offered."]})
        return {k: v for k, v in settings.items() if v is not None}

    def style_for(self, settings: dict | None = None, *, colors: dict | None = None,
                  fonts: dict | None = None) -> dict:
        """The theme's styles with the chosen scheme, font and layout, then the site's own
        colors and fonts, merged on top (later wins)."""
        settings = settings or {}
        style = {"colors": dict(self.styles.get("colors", {})),
                 "fonts": dict(self.styles.get("fonts", {})),
                 **{k: v for k, v in self.styles.items() if k not in ("colors", "fonts")}}
        scheme = self._option("color_scheme", settings.get("color_scheme"))
        if scheme:
            style["colors"].update(scheme.get("colors", {}))
        font = self._option("font", settings.get("font"))
        if font:
            style["fonts"].update({k: v for k, v in font.items() if k != "name"})
        layout = self._option("layout", settings.get("layout"))
        if layout:
            style["layout"] = layout["name"]
        style["colors"].update({k: v for k, v in (colors or {}).items() if v})
        style["fonts"].update({k: v for k, v in (fonts or {}).items() if v})
        return style


def _scheme(name: str, background: str, surface: str, text: str, muted: str) -> dict:
    return {"name": name, "colors": {"background": background, "surface": surface, "text": text,
                                     "muted": muted}}


LIGHT = _scheme("light", "#FFFFFF", "#F5F5F4", "#1C1917", "#78716C")
DARK = _scheme("dark", "#0C0A09", "#1C1917", "#F5F5F4", "#A8A29E")
SEPIA = _scheme("sepia", "#F4ECD8", "#EADFC8", "#3B2F2F", "#7A6A58")
SERIF = {"name": "serif", "heading": "Playfair Display", "body": "Source Serif 4"}
SANS = {"name": "sans", "heading": "Inter", "body": "Inter"}
BOOKISH = {"name": "bookish", "heading": "Cormorant Garamond", "body": "EB Garamond"}
MONO = {"name": "mono", "heading": "JetBrains Mono", "body": "IBM Plex Sans"}
SINGLE = {"name": "single-column", "description": "One centred column of text"}
SIDEBAR = {"name": "sidebar", "description": "Content with a sidebar of series and links"}
MAGAZINE = {"name": "magazine", "description": "A grid of covers on the home page"}

# slug: (name, category, description, primary, secondary, accent, schemes, fonts, layouts,
#        premium tier)
_CATALOG = {
    "classic": ("Classic", "literary", "A quiet serif layout for long reading.", "#7C2D12",
                "#44403C", "#B45309", [LIGHT, SEPIA, DARK], [SERIF, BOOKISH], [SINGLE, SIDEBAR],
                None),
    "minimal": ("Minimal", "minimal", "White space, one column, nothing in the way.", "#111827",
                "#4B5563", "#2563EB", [LIGHT, DARK], [SANS, SERIF], [SINGLE], None),
    "midnight": ("Midnight", "dark", "A dark theme for night readers.", "#A78BFA", "#C4B5FD",
                 "#F472B6", [DARK, LIGHT], [SANS, MONO], [SINGLE, SIDEBAR], None),
    "parchment": ("Parchment", "fantasy", "Sepia pages and old-book type.", "#78350F",
                  "#92400E", "#065F46", [SEPIA, LIGHT], [BOOKISH, SERIF], [SINGLE, SIDEBAR],
                  None),
    "aurora": ("Aurora", "modern", "Bold colour, cover grids and a magazine home page.",
               "#0EA5E9", "#6366F1", "#F59E0B", [LIGHT, DARK], [SANS, SERIF],
               [MAGAZINE, SIDEBAR, SINGLE], PlatformTier.GROWTH),
    "atelier": ("Atelier", "modern", "An editorial theme for studios with many series.",
                "#BE123C", "#1F2937", "#D97706", [LIGHT, SEPIA, DARK], [SERIF, SANS, BOOKISH],
                [MAGAZINE, SIDEBAR], PlatformTier.PROFESSIONAL),
}
CATALOG_TIME = datetime.fromisoformat("2026-01-01T00:00:00+00:00")


def theme_catalog_rows() -> list[dict]:
    """The themes every installation has, as rows (the migration and the memory seed)."""
    rows = []
    for slug, spec in _CATALOG.items():
        (name, category, description, primary, secondary, accent, schemes, fonts, layouts,
         tier) = spec
        rows.append({
            "id": f"thm_{slug}", "slug": slug, "name": name, "category": category,
            "description": description,
            "thumbnail_url": f"/static/themes/{slug}/thumbnail.png",
            "preview_url": f"/static/themes/{slug}/preview.html",
            "styles": {"colors": {"primary": primary, "secondary": secondary, "accent": accent,
                                  **schemes[0]["colors"]},
                       "fonts": {k: v for k, v in fonts[0].items() if k != "name"},
                       "layout": layouts[0]["name"], "radius": "6px", "max_width": "720px"},
            "color_schemes": schemes, "font_options": fonts, "layout_options": layouts,
            "is_public": True, "is_premium": tier is not None,
            "required_tier": tier.value if tier else None, "usage_count": 0,
            "created_at": CATALOG_TIME, "updated_at": CATALOG_TIME,
        })
    return rows
