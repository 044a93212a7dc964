"""A presigned upload: the client sends the bytes straight to storage, then says so."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation


@dataclass(eq=False, kw_only=True)
class UploadIntent(Entity):
    owner_id: str
    uploaded_by_id: str
    media_id: str
    key: str
    content_type: str
    expected_bytes: int
    max_bytes: int
    expires_at: datetime
    created_at: datetime
    completed_at: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    def complete(self, *, size_bytes: int, now: datetime) -> None:
        if self.completed:
            raise InvalidTransition("This upload was already completed.",
                                    code="upload_already_completed")
        if now >= self.expires_at:
            raise RuleViolation("This upload URL has expired; ask for a new one.",
                                code="upload_expired")
        if size_bytes > self.max_bytes:
            raise RuleViolation(f"The upload is larger than the {self.max_bytes} bytes "
                                "announced.", code="file_too_large",
                                fields={"size_bytes": ["Larger than announced."]})
        self.completed_at = now
