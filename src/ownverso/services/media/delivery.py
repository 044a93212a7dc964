"""Serving files to the people who may read them: whole (download) or by byte ranges
(stream). Every byte served counts against the owner's bandwidth."""

from dataclasses import dataclass

from ownverso.domain.errors import DomainError
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.ranges import byte_range
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound
from ownverso.services.media.accounting import charge_bandwidth
from ownverso.services.media.kit import MediaKit, RangeNotSatisfiable, refused
from ownverso.services.media.policy import file_for


@dataclass(frozen=True)
class Delivery:
    file: MediaFile
    data: bytes  # the bytes to send: the whole file or the range asked for
    start: int
    stop: int  # exclusive
    total: int

    @property
    def partial(self) -> bool:
        return (self.start, self.stop) != (0, self.total)

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.stop - 1}/{self.total}"


class MediaDeliveryService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    def download(self, *, actor: Actor, media_id: str) -> Delivery:
        return self._deliver(actor, media_id, None)

    def stream(self, *, actor: Actor, media_id: str, range_header: str | None) -> Delivery:
        """The bytes of one ``Range: bytes=a-b`` (206), or the whole file without one."""
        return self._deliver(actor, media_id, range_header)

    def _deliver(self, actor: Actor, media_id: str, range_header: str | None) -> Delivery:
        with self.kit.uow() as uow:
            file = file_for(uow, actor, media_id)
            try:
                file.ensure_servable()
            except DomainError as error:
                raise refused(error) from None
            try:
                data = self.kit.storage.read(file.storage_key)
            except FileNotFoundError:
                raise NotFound("The file's content is missing from storage.",
                               code="media_content_missing") from None
            try:
                start, stop = byte_range(range_header, len(data)) or (0, len(data))
            except DomainError as error:
                raise RangeNotSatisfiable(error.message, code=error.code, headers={
                    "Content-Range": f"bytes */{len(data)}"}) from None
            charge_bandwidth(uow, file.owner_id, stop - start)
            uow.commit()
        return Delivery(file=file, data=data[start:stop], start=start, stop=stop,
                        total=len(data))
