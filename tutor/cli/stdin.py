"""Standard input as UTF-8 text, whatever it is: a terminal, a pipe, a regular file or
/dev/null. Bytes that are not UTF-8 are refused with where they are, never stored as
replacement characters; a leading byte-order mark (as Windows Notepad saves) is dropped."""

from __future__ import annotations

import io
import os
import selectors
import time
from typing import IO

import click

from tutor.errors import TutorError
from tutor.limits import MAX_ANSWER_CHARS

# The longest line read: an answer at its limit, every character four bytes of UTF-8. A
# longer line (or endless input without a newline, such as /dev/zero) is refused, not held.
MAX_LINE_BYTES = 4 * MAX_ANSWER_CHARS + 2
_BOM = b"\xef\xbb\xbf"
_CHUNK = 65536


class InputError(TutorError):
    """Standard input that cannot be read as UTF-8 text."""


def read_text(stream: IO[str] | None, what: str = "the text") -> str:
    """All of `stream` (standard input) as UTF-8 text."""
    stream = _open(stream, what)
    binary = getattr(stream, "buffer", None)
    try:
        raw = (
            binary.read() if binary is not None else stream.read().encode(errors="surrogateescape")
        )
    except OSError as exc:
        raise _unreadable(exc, what) from None
    return decode(raw, what)


def decode(raw: bytes, what: str, offset: int = 0, line: int = 1) -> str:
    """`raw`, the input from byte `offset` (on line `line`) on, as UTF-8 text."""
    if offset == 0 and raw.startswith(_BOM):
        raw, offset = raw[len(_BOM) :], len(_BOM)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at_line = line + raw.count(b"\n", 0, exc.start)
        raise InputError(
            f"standard input is not UTF-8 at byte offset {offset + exc.start} (line {at_line}, "
            f"byte 0x{raw[exc.start]:02x}): save {what} as UTF-8"
        ) from None


class LineReader:
    """Whole lines of UTF-8 text from standard input.

    A terminal or a pipe is waited on with a timeout, so timer warnings can be shown while
    the learner is thinking. A regular file or /dev/null cannot be waited on (and a read
    there never blocks), so it is simply read.
    """

    def __init__(self, stream: IO[str] | None, what: str = "the answers") -> None:
        self.stream = _open(stream, what)
        self.what = what
        self.fd = _fileno(self.stream)
        self.pollable = self.fd is not None and _pollable(self.fd)
        self.buffer = b""
        self.offset = 0  # bytes of input before `buffer`
        self.line = 0  # lines returned so far
        self.eof = False

    def readline(self, timeout: float | None = None) -> str | None:
        """A line without its newline; None at end of input; '' is a blank line.
        Raises TimeoutError when `timeout` passes with no whole line."""
        while b"\n" not in self.buffer and not self.eof:
            if len(self.buffer) > MAX_LINE_BYTES:
                raise InputError(
                    f"line {self.line + 1} of standard input is over {MAX_LINE_BYTES:,} bytes, "
                    f"longer than any answer may be ({MAX_ANSWER_CHARS:,} characters); "
                    "shorten it"
                )
            chunk = self._read(timeout)
            if chunk:
                self.buffer += chunk
            else:
                self.eof = True
        if b"\n" in self.buffer:
            raw, self.buffer = self.buffer.split(b"\n", 1)
            used = len(raw) + 1
        elif self.buffer:
            raw, self.buffer = self.buffer, b""
            used = len(raw)
        else:
            return None
        start, self.offset = self.offset, self.offset + used
        self.line += 1
        return decode(raw, self.what, start, self.line).rstrip("\r")

    def _read(self, timeout: float | None) -> bytes:
        """The next bytes of input, b"" at its end."""
        if self.fd is None:
            binary = getattr(self.stream, "buffer", None)
            if binary is not None:
                return bytes(binary.read1(_CHUNK))
            return self.stream.readline().encode(errors="surrogateescape")
        while True:
            if self.pollable:
                with selectors.DefaultSelector() as selector:
                    selector.register(self.fd, selectors.EVENT_READ)
                    if not selector.select(timeout):
                        raise TimeoutError
            try:
                return os.read(self.fd, _CHUNK)
            except BlockingIOError:  # a non-blocking descriptor with nothing yet
                if not self.pollable:
                    time.sleep(0.05)
            except OSError as exc:
                raise _unreadable(exc, self.what) from None


def _open(stream: IO[str] | None, what: str) -> IO[str]:
    if stream is None:  # started with standard input closed (`<&-`)
        raise click.UsageError(
            f"standard input is closed; give {what} on it (a terminal, a file or a pipe)"
        )
    return stream


def _unreadable(exc: OSError, what: str) -> InputError:
    return InputError(
        f"standard input cannot be read ({exc.strerror or exc}); give {what} in a UTF-8 "
        "text file (< FILE), through a pipe, or type them"
    )


def _fileno(stream: IO[str]) -> int | None:
    """The stream's file descriptor, where the platform lets one be read directly."""
    if os.name == "nt":
        return None
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def _pollable(fd: int) -> bool:
    """Whether `fd` can be waited on: a pipe or a terminal can; a regular file or /dev/null
    cannot (epoll refuses them)."""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
    except (OSError, ValueError):
        return False
    return True
