"""File storage on the local disk (embedded default) and in memory (tests)."""

import threading
from pathlib import Path, PurePosixPath

from ownverso.services.ports import FileStorage, StoredFile


def safe_key(key: str) -> str:
    path = PurePosixPath(key)
    if path.is_absolute() or ".." in path.parts or not key.strip("/"):
        raise ValueError(f"Unsafe storage key {key!r}")
    return str(path)


class LocalFileStorage(FileStorage):
    """Files under ``root`` (``var/media``), served by the app under ``base_url``."""

    def __init__(self, root: Path, *, base_url: str):
        self.root, self.base_url = Path(root), base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def save(self, key: str, data: bytes, *, content_type: str) -> StoredFile:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return StoredFile(key=key, size=len(data), content_type=content_type, url=self.url(key))

    def read(self, key: str) -> bytes:
        path = self._path(key)
        if path.is_dir():  # a folder of files is not itself a file (as on S3)
            raise FileNotFoundError(key)
        return path.read_bytes()

    def delete(self, key: str) -> None:
        path = self._path(key)
        if not path.is_dir():
            path.unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def url(self, key: str) -> str:
        return f"{self.base_url}/{safe_key(key)}"


class InMemoryFileStorage(FileStorage):
    def __init__(self, *, base_url: str = "/media"):
        self.files: dict[str, tuple[bytes, str]] = {}
        self.base_url = base_url.rstrip("/")
        self._lock = threading.Lock()

    def save(self, key: str, data: bytes, *, content_type: str) -> StoredFile:
        with self._lock:
            self.files[safe_key(key)] = (data, content_type)
        return StoredFile(key=key, size=len(data), content_type=content_type, url=self.url(key))

    def read(self, key: str) -> bytes:
        try:
            return self.files[safe_key(key)][0]
        except KeyError:
            raise FileNotFoundError(key) from None

    def delete(self, key: str) -> None:
        with self._lock:
            self.files.pop(safe_key(key), None)

    def exists(self, key: str) -> bool:
        return safe_key(key) in self.files

    def url(self, key: str) -> str:
        return f"{self.base_url}/{safe_key(key)}"
