"""mtclean's exception types, in one module with no imports, so that any layer can raise or catch them
without importing another layer (and without the cycles that would bring).

Every message is one line that names the file (or the server) and says what to do: the CLI prints it as
``mtclean: error: <message>`` and exits 2 (a batch records it for that file and goes on).
"""
from __future__ import annotations


class InputError(Exception):
    """A file the tool cannot read or decode; the message is one line saying why and what to do."""


class EncodeError(InputError):
    """The fixed text cannot be written back faithfully in the file's own encoding."""


class WriteError(Exception):
    """The fixed text was not written (a link or special file at the output, a lost-update risk, a full
    disk...); nothing was changed on disk. The message names the file, says why and what to do."""


class RulePackError(ValueError):
    """A rule file is malformed or unreadable; the message names the file, the rule and the key."""


class ConfigError(ValueError):
    """A bad configuration; the message names the file and the key."""


class UnsafeEditError(RuntimeError):
    """Applying the edits changed text outside their spans: refuse to write anything."""


class GrammarUnavailable(Exception):
    """LanguageTool cannot be used; ``str()`` is one line that names LanguageTool and says what to do."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))
