"""Job functions the contract tests enqueue; a separate RQ worker process imports them by path."""

import json
import os
from pathlib import Path


def append_line(*, path: str, line: str, extra: dict | None = None) -> str:
    """Append one JSON record (the kwargs and the process id) to ``path``."""
    record = {"line": line, "extra": extra, "pid": os.getpid()}
    with Path(path).open("a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")
    return line


def read_lines(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    return [json.loads(text) for text in Path(path).read_text(encoding="utf-8").splitlines()]
