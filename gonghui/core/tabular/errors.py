"""Errors of the tabular reader. `FileUnreadable` means the file as a whole cannot be used; a bad cell is a
`CellError`, which the caller turns into a refused row; `ImportFailed` (each importer has its own subclass)
means an import as a whole could not run after the file was read."""

from __future__ import annotations


class FileUnreadable(Exception):
    """The file itself cannot be read; `message` is Chinese and says what to do."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


class CellError(ValueError):
    """One cell's value cannot be understood; `message` says what to fix."""

    def __init__(self, message: str, code: str = "cell"):
        super().__init__(message)
        self.message = message
        self.code = code


class ImportFailed(Exception):
    """The import as a whole could not run (after the file was read); nothing was written."""

    def __init__(self, message: str, code: str = "import"):
        super().__init__(message)
        self.message = message
        self.code = code
