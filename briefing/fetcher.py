"""The only way WeasyPrint may read anything: ``data:`` URLs and files in allowed folders.

No network, no redirect, no other file. A refused fetch stops the render with
``FetchRefused``, which the pdf task reports as one line.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class FetchRefused(FatalURLFetchingError):
    pass


class RestrictedFetcher(URLFetcher):
    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.allowed = [Path(p).resolve() for p in allowed]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return self._refuse(url, "file URL names another host")
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if any(path.is_relative_to(root) for root in self.allowed) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                          {"Content-Type": mime})
            return self._refuse(url, "file outside the project's templates, fonts and build")
        return self._refuse(url, f"'{scheme or 'relative'}' URLs are not allowed")

    def _refuse(self, url: str, why: str):
        self.refused.append(url)
        raise FetchRefused(f"refused to fetch {url[:200]}: {why}")
