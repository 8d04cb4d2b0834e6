"""Reading UTF-8 text files with errors that name the file and the line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from aigraph.errors import InputError


def read_utf8(path: Path, error: type[InputError] = InputError) -> str:
    """The NFC-normalised text of a UTF-8 file (a byte-order mark is dropped).

    :raises InputError: (or the given subclass) if the file cannot be read or is not UTF-8,
        naming the line of the first bad byte.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", path) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save "
                    "the file as UTF-8", path, line) from exc
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
