"""GNU ``.mo`` files: the binary catalog gettext reads at run time.

:func:`image` lays out what GNU msgfmt writes (revision 0, little-endian): the header
of seven 32-bit words, the tables of originals and translations (length and offset of
each string), msgfmt's hash table, then the strings, each ending in NUL.  Originals are
sorted by their bytes; a message with a context is ``msgctxt\\x04msgid``, plural forms
are joined by NUL.  Which messages go in is the caller's choice (catalog.py).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from functools import lru_cache

MAGIC = 0x950412DE
HEADER_WORDS = 7
CONTEXT_GLUE = b"\x04"


def original(msgid: str, msgctxt: str | None = None, msgid_plural: str = "") -> bytes:
    """The key of a message in a .mo file."""
    key = msgid.encode("utf-8")
    if msgid_plural:
        key += b"\x00" + msgid_plural.encode("utf-8")
    return key if msgctxt is None else msgctxt.encode("utf-8") + CONTEXT_GLUE + key


def translation(forms: Iterable[str]) -> bytes:
    """The value of a message: its translation, or its plural forms joined by NUL."""
    return b"\x00".join(form.encode("utf-8") for form in forms)


def image(messages: Iterable[tuple[bytes, bytes]]) -> bytes:
    """The .mo file holding these (original, translation) pairs (the header entry is the
    one whose original is empty)."""
    pairs = sorted(dict(messages).items())
    count = len(pairs)
    size = _hash_size(count)
    originals_at = 4 * HEADER_WORDS
    translations_at = originals_at + 8 * count
    hash_at = translations_at + 8 * count
    strings_at = hash_at + 4 * size
    tables: list[int] = []
    strings: list[bytes] = []
    offset = strings_at
    for column in (0, 1):
        for pair in pairs:
            data = pair[column]
            tables += (len(data), offset)
            strings.append(data + b"\x00")
            offset += len(data) + 1
    header = (MAGIC, 0, count, originals_at, translations_at, size, hash_at)
    return b"".join(
        [
            struct.pack(f"<{HEADER_WORDS}I", *header),
            struct.pack(f"<{len(tables)}I", *tables),
            struct.pack(f"<{size}I", *_hash_table([key for key, _ in pairs], size)),
            *strings,
        ]
    )


# msgfmt's hash table: open addressing with double hashing over a prime-sized table


def _hash_size(count: int) -> int:
    size = _next_prime((count * 4) // 3)
    return size if size > 2 else 3


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_prime(seed):
        seed += 2
    return seed


def _is_prime(candidate: int) -> bool:
    """gettext's test, kept exactly: it calls 3 not prime (no table has 3 slots but the
    smallest), so the sizes are msgfmt's."""
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


@lru_cache(maxsize=1 << 16)  # a byte loop; the same msgids come in every language's .mo
def hash_string(key: bytes) -> int:
    """gettext's ``hash_string`` (hashpjw on 32 bits), up to the first NUL."""
    value = 0
    for byte in key.split(b"\x00", 1)[0]:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value


def _hash_table(keys: list[bytes], size: int) -> list[int]:
    table = [0] * size
    for number, key in enumerate(keys, start=1):
        value = hash_string(key)
        index = value % size
        step = 1 + value % (size - 2)
        while table[index]:
            index = index - (size - step) if index >= size - step else index + step
        table[index] = number
    return table
