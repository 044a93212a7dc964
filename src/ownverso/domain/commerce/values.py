"""The enums of the commerce module."""

from enum import StrEnum


class ProductType(StrEnum):
    DIGITAL_DOWNLOAD = "DIGITAL_DOWNLOAD"
    BONUS_CONTENT = "BONUS_CONTENT"
    ART_PACK = "ART_PACK"
    WALLPAPER_PACK = "WALLPAPER_PACK"
    AUDIO_CONTENT = "AUDIO_CONTENT"
    EBOOK = "EBOOK"
    BUNDLE = "BUNDLE"
    MERCHANDISE = "MERCHANDISE"
    COMMISSION_SLOT = "COMMISSION_SLOT"
    CUSTOM = "CUSTOM"


# Types whose buyer receives a file: they cannot be sold before one is attached.
DOWNLOADABLE = frozenset({ProductType.DIGITAL_DOWNLOAD, ProductType.ART_PACK,
                          ProductType.WALLPAPER_PACK, ProductType.AUDIO_CONTENT,
                          ProductType.EBOOK})


class LicenseType(StrEnum):
    """What a license key sold with a licensed product allows (TEAM has a seat count)."""

    PERSONAL = "PERSONAL"
    COMMERCIAL = "COMMERCIAL"
    TEAM = "TEAM"
