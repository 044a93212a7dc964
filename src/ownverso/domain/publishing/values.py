"""Enumerations of the publishing module."""

from enum import StrEnum


class ContentType(StrEnum):
    WEB_NOVEL = "WEB_NOVEL"
    WEBTOON = "WEBTOON"
    MANGA = "MANGA"
    MANHWA = "MANHWA"
    WESTERN_COMIC = "WESTERN_COMIC"

    @property
    def is_comic(self) -> bool:
        return self != ContentType.WEB_NOVEL


class SeriesStatus(StrEnum):
    DRAFT = "DRAFT"
    ONGOING = "ONGOING"
    HIATUS = "HIATUS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ReadingDirection(StrEnum):
    LTR = "LTR"
    RTL = "RTL"
    VERTICAL = "VERTICAL"


class ChapterAccessLevel(StrEnum):
    FREE = "FREE"
    SUBSCRIBERS = "SUBSCRIBERS"
    SPECIFIC_TIER = "SPECIFIC_TIER"
    SCHEDULED_FREE = "SCHEDULED_FREE"
