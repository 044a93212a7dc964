"""The media library's read side on the in-memory suite (the same answers as the SQL one)."""

from collections import defaultdict

from ownverso.adapters.filters import parse_order
from ownverso.adapters.memory.persistence import InMemoryDatabase, clone, state_of
from ownverso.domain.media.file import MediaFile
from ownverso.services.media.queries import (
    LIVE_STATUSES,
    SORTS,
    MediaListQuery,
    MediaQueries,
)


def _matches(f: MediaFile, q: MediaListQuery) -> bool:
    checks = [
        f.status in q.statuses,
        all(getattr(q, n) is None or getattr(f, n) == getattr(q, n)
            for n in ("owner_id", "site_id", "kind", "content_type", "folder_id")),
        not q.in_root or f.folder_id is None,
        not q.tag or q.tag in f.tags,
        not q.search or q.search.lower() in f.filename.lower(),
        q.created_after is None or f.created_at >= q.created_after,
        q.created_before is None or f.created_at < q.created_before,
    ]
    return all(checks)


class InMemoryMediaQueries(MediaQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def _files(self) -> list[MediaFile]:
        with self.db.lock:
            return [clone(f) for f in self.db.tables[MediaFile].values()]

    def list_files(self, query: MediaListQuery) -> tuple[list[dict], int]:
        found = sorted((f for f in self._files() if _matches(f, query)), key=lambda f: f.id)
        for name in reversed(SORTS[query.sort]):
            field, desc = parse_order(name)
            found.sort(key=lambda f, n=field: getattr(f, n), reverse=desc)
        page = found[query.offset:query.offset + query.limit]
        return [state_of(f) for f in page], len(found)

    def breakdown(self, owner_id: str) -> dict:
        kinds: dict = defaultdict(lambda: [0, 0])
        sites: dict = defaultdict(lambda: [0, 0])
        for f in self._files():
            if f.owner_id == owner_id and f.status in LIVE_STATUSES:
                for bucket in (kinds[f.kind], sites[f.site_id]):
                    bucket[0] += 1
                    bucket[1] += f.size_bytes
        return {
            "by_kind": [{"kind": k, "files": n, "bytes": b}
                        for k, (n, b) in sorted(kinds.items())],
            "by_site": [{"site_id": s, "files": n, "bytes": b}
                        for s, (n, b) in sorted(sites.items(), key=lambda i: (i[0] is not None,
                                                                             i[0] or ""))],
        }
