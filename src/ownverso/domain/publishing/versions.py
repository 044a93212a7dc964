"""Chapter versions: a snapshot of the text on every content change, and diffs between them."""

import difflib
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity


@dataclass(eq=False, kw_only=True)
class ChapterVersion(Entity):
    chapter_id: str
    version_number: int
    content: str
    word_count: int
    created_at: datetime
    title: str | None = None
    author_note: str | None = None
    change_note: str | None = None
    created_by_id: str | None = None


@dataclass(frozen=True)
class TextDiff:
    """A unified diff from one text to another, with the lines added and removed."""

    from_label: str
    to_label: str
    diff: str
    additions: int
    deletions: int

    @property
    def changed(self) -> bool:
        return bool(self.additions or self.deletions)


def diff_text(old: str | None, new: str | None, *, from_label: str, to_label: str,
              context: int = 3) -> TextDiff:
    lines = list(difflib.unified_diff((old or "").splitlines(keepends=True),
                                      (new or "").splitlines(keepends=True),
                                      fromfile=from_label, tofile=to_label, n=context))
    body = lines[2:]  # after the two header lines, hunks: "@@", " ", "+" and "-" lines
    return TextDiff(
        from_label=from_label, to_label=to_label,
        diff="".join(line if line.endswith("\n") else line + "\n" for line in lines),
        additions=sum(1 for line in body if line.startswith("+")),
        deletions=sum(1 for line in body if line.startswith("-")))
