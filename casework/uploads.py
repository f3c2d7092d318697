"""Evidence uploads: limited in size and number, checked by their content, stored
under a random name in private storage."""

import os
import unicodedata

import filetype
from django.conf import settings

# Extension -> the kinds of content it may hold (as `filetype` names them, or "text").
ALLOWED = {
    "pdf": {"pdf"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "heic": {"heic"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "odt": {"odt", "zip"},
    "mp3": {"mp3"},
    "m4a": {"m4a", "mp4"},
    "wav": {"wav"},
    "mp4": {"mp4", "m4v"},
    "txt": {"text"},
    "eml": {"text"},
    "csv": {"text"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "txt": "text/plain",
    "eml": "message/rfc822",
    "csv": "text/csv",
}


def max_bytes():
    return getattr(settings, "CASEWORK_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def max_files():
    return getattr(settings, "CASEWORK_EVIDENCE_MAX_FILES", 20)


def human_size(size):
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def allowed_list():
    return ", ".join(sorted(ALLOWED))


class UploadRejected(Exception):
    pass


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def safe_display_name(name):
    """The name to show people; never used to store the file."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if ch.isprintable())
    return name.strip()[:150]


def check_upload(upload):
    """Return (display name, content type) or raise UploadRejected with a message for the reporter."""
    raw_name = upload.name or ""
    name = safe_display_name(raw_name)
    if not name or name != raw_name or "/" in raw_name or "\\" in raw_name or ".." in raw_name:
        raise UploadRejected(
            f"The file name “{name or 'without a name'}” is not allowed: rename it using letters, numbers, "
            "spaces, dashes and one dot before the extension, then attach it again."
        )
    if name.startswith("."):
        raise UploadRejected(f"The file name “{name}” is not allowed: a name cannot start with a dot.")
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in ALLOWED:
        raise UploadRejected(f"“{name}” is a type of file that cannot be attached. Allowed types: {allowed_list()}.")
    if upload.size > max_bytes():
        raise UploadRejected(
            f"“{name}” is {human_size(upload.size)}: each file must be {human_size(max_bytes())} or smaller."
        )
    if upload.size == 0:
        raise UploadRejected(f"“{name}” is empty.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    detected = kind.extension if kind else ("text" if _looks_like_text(head) else None)
    if detected not in ALLOWED[extension]:
        raise UploadRejected(
            f"“{name}” does not contain what its name says (a .{extension} file): it was not attached. "
            "Check it is the right file, or save it in its real format."
        )
    return name, CONTENT_TYPES[extension]
