"""Content warnings: a fixed catalog that series and chapters point at."""

from dataclasses import dataclass

from ownverso.domain.entity import Entity


@dataclass(eq=False, kw_only=True)
class ContentWarning(Entity):
    slug: str
    name: str
    description: str
    severity: str = "moderate"  # mild, moderate, severe
    display_order: int = 0


CATALOG: tuple[tuple[str, str, str, str], ...] = (
    ("violence", "Violence", "Physical violence or fighting.", "moderate"),
    ("gore", "Gore", "Graphic injury, blood or mutilation.", "severe"),
    ("sexual-content", "Sexual content", "Explicit or implied sexual scenes.", "severe"),
    ("sexual-violence", "Sexual violence", "Depictions or mentions of sexual assault.",
     "severe"),
    ("self-harm", "Self-harm", "Depictions or discussion of self-harm.", "severe"),
    ("suicide", "Suicide", "Suicide, suicidal thoughts or attempts.", "severe"),
    ("abuse", "Abuse", "Physical, emotional or psychological abuse.", "severe"),
    ("drug-use", "Drug use", "Use of drugs or alcohol abuse.", "moderate"),
    ("strong-language", "Strong language", "Frequent profanity or slurs.", "mild"),
    ("character-death", "Death of a main character", "A major character dies.", "moderate"),
    ("horror", "Horror", "Disturbing or frightening imagery.", "moderate"),
    ("discrimination", "Discrimination", "Racism, sexism, homophobia or other bigotry.",
     "moderate"),
)


def catalog_rows() -> list[dict]:
    return [{"id": f"cw_{slug.replace('-', '_')}", "slug": slug, "name": name,
             "description": description, "severity": severity, "display_order": i}
            for i, (slug, name, description, severity) in enumerate(CATALOG)]
