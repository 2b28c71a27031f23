"""Finding an export's files: in a copy of wp-content/uploads, else at their address on the old site.

Downloads go only to the WordPress site's own host (and hosts named with --media-host),
over http(s), with a timeout and the upload size limit: an export cannot make the server
fetch anything else.
"""

import posixpath
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

UPLOADS = re.compile(r"/(?:wp-content/uploads|files)/(?P<path>.+)$")
TIMEOUT = 10


class MissingFile(Exception):
    """The file could not be had; the message says where it was looked for."""


def host_of(url):
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def upload_path(url):
    """ "2019/05/photo.jpg" for ".../wp-content/uploads/2019/05/photo.jpg", else ""."""
    match = UPLOADS.search(unquote(urlsplit(url).path))
    return match.group("path") if match else ""


class MediaFiles:
    def __init__(self, media_dir=None, site_url="", download=True, hosts=(), max_size=10 * 1024 * 1024):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.download = download
        self.hosts = {host_of(site_url)} | {h.lower().removeprefix("www.") for h in hosts}
        self.hosts.discard("")
        self.max_size = max_size

    def read(self, url, attached_file=""):
        """(file name, bytes) of the file at `url`; raises MissingFile."""
        tried = []
        if self.media_dir is not None:
            for relative in dict.fromkeys(p for p in (attached_file, upload_path(url)) if p):
                path = (self.media_dir / relative).resolve()
                if not path.is_relative_to(self.media_dir):  # "../../etc/passwd" in an export stays outside
                    continue
                if path.is_file():
                    if path.stat().st_size > self.max_size:
                        raise MissingFile(f"{relative} is larger than the upload limit ({self.max_size // 2**20} MB)")
                    return path.name, path.read_bytes()
                tried.append(f"{relative} is not in the media folder")
        if self.download and url:
            return self._download(url, tried)
        if not url and not tried:
            raise MissingFile("the export gives no address for it")
        tried.append("downloading is off" if not self.download else "")
        raise MissingFile("; ".join(t for t in tried if t) or "not found")

    def _download(self, url, tried):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or host_of(url) not in self.hosts:
            tried.append(f"{parts.hostname or url} is not the WordPress site's host, so it was not downloaded")
            raise MissingFile("; ".join(tried))
        try:
            # The scheme and host were checked just above: only the old site's own addresses are fetched.
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
                data = response.read(self.max_size + 1)
        except (OSError, ValueError) as error:
            tried.append(f"downloading it failed ({error})")
            raise MissingFile("; ".join(tried)) from error
        if len(data) > self.max_size:
            raise MissingFile(f"it is larger than the upload limit ({self.max_size // 2**20} MB)")
        return posixpath.basename(unquote(parts.path)) or "file", data
