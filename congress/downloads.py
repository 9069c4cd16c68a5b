"""The Content-Disposition of every download: exports, PDFs, documents.

A document's title is the download's name, and titles hold what no file name may: "/" (a title
like "预算/决算报告" lost everything before the slash — Django's FileResponse keeps only the
basename) and line breaks. RFC 6266: `filename*` carries the whole name in UTF-8 for every
current browser; `filename` is an ASCII fallback for the old ones.
"""

import re
from urllib.parse import quote

# The fullwidth solidus reads as the slash in a Chinese title and is allowed in file names.
_SEPARATORS = str.maketrans({"/": "／", "\\": "＼"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_NOT_QUOTABLE = re.compile(r'[^\x20-\x7e]|["\\]')


def attachment(filename: str) -> str:
    name = _CONTROL.sub(" ", filename).translate(_SEPARATORS).strip() or "download"
    fallback = _NOT_QUOTABLE.sub("_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
