"""A reader's right to one chapter that outlives any subscription: bought with money or
unlocked with coins. The commerce module writes them (one per user, chapter and kind); the
paywall reads them (rule 4). A refund or a charge-back takes the right away again."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.access.inputs import EntitlementFacts, EntitlementKind, EntitlementState
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition

ENDED = frozenset({EntitlementState.REFUNDED, EntitlementState.CHARGED_BACK})


@dataclass(eq=False, kw_only=True)
class ChapterEntitlement(Entity):
    user_id: str
    chapter_id: str
    kind: EntitlementKind
    state: EntitlementState = EntitlementState.SUCCEEDED
    source_id: str | None = None  # the purchase or coin unlock that granted it
    created_at: datetime
    updated_at: datetime

    @classmethod
    def grant(cls, *, id: str, user_id: str, chapter_id: str, kind: EntitlementKind,
              source_id: str | None, now: datetime) -> "ChapterEntitlement":
        return cls(id=id, user_id=user_id, chapter_id=chapter_id, kind=EntitlementKind(kind),
                   source_id=source_id, created_at=now, updated_at=now)

    @property
    def counts(self) -> bool:
        return self.state == EntitlementState.SUCCEEDED

    def end(self, state: EntitlementState, *, now: datetime) -> None:
        """Refunded or charged back: the chapter is no longer the reader's."""
        state = EntitlementState(state)
        if state not in ENDED:
            raise InvalidTransition("An entitlement ends refunded or charged back.",
                                    code="invalid_entitlement_state",
                                    fields={"state": [state.value]})
        if not self.counts:
            raise InvalidTransition("This entitlement has already ended.",
                                    code="entitlement_ended",
                                    fields={"state": [self.state.value]})
        self.state, self.updated_at = state, now

    def regrant(self, *, source_id: str, now: datetime) -> None:
        """Bought again after a refund or a charge-back: the same right, from the new source
        (there is one entitlement per user, chapter and kind)."""
        if self.counts:
            raise InvalidTransition("The reader already holds this chapter.",
                                    code="already_owned", fields={"chapter_id": [self.chapter_id]})
        self.state, self.source_id, self.updated_at = EntitlementState.SUCCEEDED, source_id, now

    def facts(self) -> EntitlementFacts:
        """The access rule's view of it."""
        return EntitlementFacts(kind=self.kind, chapter_id=self.chapter_id, state=self.state)
