"""Signed links to comic pages: bound to the chapter, the image, the variant and the expiry,
valid until then only, and useless under another secret key."""

from urllib.parse import parse_qs, urlsplit

import pytest

from ownverso.adapters.clock import FixedClock
from ownverso.adapters.hmac_content_signer import HmacContentUrlSigner
from ownverso.services.ports import InvalidContentLink

IDS = {"chapter_id": "chp_1", "image_id": "cimg_1", "variant": "page"}


def signer(clock: FixedClock, secret: str = "s" * 32) -> HmacContentUrlSigner:
    return HmacContentUrlSigner(secret_key=secret, base_url="https://app.test/", clock=clock)


def link(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_a_link_is_valid_for_its_page_until_it_expires():
    clock = FixedClock()
    url = signer(clock).page_url(**IDS, expires_in=600)
    assert url.startswith("https://app.test/api/v1/chapters/chp_1/pages/cimg_1?")
    expires_at = signer(clock).verify(**IDS, **link(url))
    assert (expires_at - clock.now()).total_seconds() == 600
    thumb = signer(clock).page_url(**{**IDS, "variant": "thumbnail"}, expires_in=600)
    assert urlsplit(thumb).path.endswith("/pages/cimg_1/thumbnail")
    clock.advance(seconds=600)
    with pytest.raises(InvalidContentLink) as expired:
        signer(clock).verify(**IDS, **link(url))
    assert expired.value.code == "expired_link"


@pytest.mark.parametrize("change", [{"chapter_id": "chp_2"}, {"image_id": "cimg_2"},
                                    {"variant": "thumbnail"}, {"expires": "9999999999"},
                                    {"expires": "soon"}, {"signature": ""},
                                    {"signature": "x" * 43}])
def test_a_link_for_anything_else_is_refused(change):
    clock = FixedClock()
    url = signer(clock).page_url(**IDS, expires_in=600)
    with pytest.raises(InvalidContentLink) as refused:
        signer(clock).verify(**{**IDS, **link(url), **change})
    assert refused.value.code == "invalid_signature"


def test_another_secret_key_does_not_accept_the_link():
    clock = FixedClock()
    url = signer(clock).page_url(**IDS, expires_in=600)
    with pytest.raises(InvalidContentLink):
        signer(clock, "t" * 32).verify(**IDS, **link(url))
    with pytest.raises(ValueError):
        signer(clock, "")
