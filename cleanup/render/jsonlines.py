"""JSON Lines: one finding a line, for streaming large batches into other tools.

Each line is one finding of the JSON contract with the file's ``path`` (and ``encoding``) in front:
``{"path": ..., "encoding": ..., "rule": ..., "start": ..., ...}``. A file that could not be read is one
line ``{"path": ..., "error": ...}``; a file without findings has no line. No summary line: a consumer
reading a stream needs none, and the exit code and stderr say how the run went.
"""
from __future__ import annotations

import json


def lines(files):
    for d in files:
        if d.get("error"):
            yield json.dumps({"path": d["path"], "error": d["error"]}, ensure_ascii=False)
            continue
        for f in d["findings"]:
            yield json.dumps({"path": d["path"], "encoding": d.get("encoding"), **f}, ensure_ascii=False)
