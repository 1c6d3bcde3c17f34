"""Files as the Connect API shows them: Content (on posts and comments), File Summary, inline images.

Every URL here is served by the instance host with the caller's bearer token (fileviews.py): the content
at `downloadUrl`, PNG renditions at the `renditionUrl*` properties and a version's bytes at an inline
image's `url`.
"""

from __future__ import annotations

from typing import Any

from . import filecontent
from .models import StoredFile
from .view import View, iso

TEXT_PREVIEW_CHARS = 200
_FILE_MOTIF = {
    "color": "BAAC93",
    "largeIconUrl": "/img/content/content64.png",
    "mediumIconUrl": "/img/icon/files32.png",
    "smallIconUrl": "/img/icon/files16.png",
    "svgIconUrl": None,
}
_STATUS_PROPERTIES = {
    "THUMB120BY90": "thumb120By90RenditionStatus",
    "THUMB240BY180": "thumb240By180RenditionStatus",
    "THUMB720BY480": "thumb720By480RenditionStatus",
}


def file_url(stored: StoredFile, view: View) -> str:
    """The File Information resource of a file."""
    return view.api(f"/connect/files/{stored.file_id}")


def download_url(stored: StoredFile, view: View) -> str:
    """Where the file's bytes are (its only version, 1)."""
    return f"{file_url(stored, view)}/content?versionNumber=1"


def rendition_url(stored: StoredFile, view: View, kind: str) -> str:
    """Where a PNG rendition of the file is."""
    return f"{file_url(stored, view)}/rendition?type={kind}"


def version_data_url(stored: StoredFile, view: View) -> str:
    """The ContentVersion's VersionData: the bytes of the latest version, as inline images point at them."""
    return view.api(f"/sobjects/ContentVersion/{stored.version_id}/VersionData")


def has_renditions(stored: StoredFile) -> bool:
    """True when Salesforce would have made thumbnails of the file (not for archives)."""
    recipe = filecontent.RECIPES.get(stored.recipe)  # uploaded files have no recipe and no renditions
    return recipe is not None and recipe.picture is not None


def text_preview(stored: StoredFile) -> str | None:
    """The first characters of a text file, as Content's textPreview gives them."""
    if not stored.mime_type.startswith("text/") or stored.recipe not in filecontent.RECIPES:
        return None
    return filecontent.content(stored.recipe)[: TEXT_PREVIEW_CHARS * 4].decode("utf-8", "ignore")[
        :TEXT_PREVIEW_CHARS
    ]


def _common(stored: StoredFile, view: View) -> dict[str, Any]:
    status = "Success" if has_renditions(stored) else "Na"
    return {
        "checksum": stored.checksum,
        "contentHubRepository": None,
        "contentModifiedDate": iso(stored.created),
        "contentSize": stored.size,
        "contentUrl": None,
        "description": stored.description,
        "downloadUrl": download_url(stored, view),
        "externalDocumentUrl": None,
        "fileExtension": stored.extension,
        "fileType": stored.file_type,
        "id": stored.file_id,
        "isInMyFileSync": False,
        "mimeType": stored.mime_type,
        "motif": _FILE_MOTIF,
        "renditionUrl": rendition_url(stored, view, "THUMB120BY90"),
        "renditionUrl240By180": rendition_url(stored, view, "THUMB240BY180"),
        "renditionUrl720By480": rendition_url(stored, view, "THUMB720BY480"),
        "repositoryFileId": None,
        "repositoryFileUrl": None,
        "sharingOption": "Allowed",
        "sharingPrivacy": "None",
        "textPreview": text_preview(stored),
        **dict.fromkeys(_STATUS_PROPERTIES.values(), status),
        "title": stored.title,
        "url": file_url(stored, view),
    }


def content(stored: StoredFile, view: View) -> dict[str, Any]:
    """A Content object: an item of a post's `files` capability, or a comment's `content` capability."""
    return {
        **_common(stored, view),
        "fileSize": str(stored.size),
        "hasImagePreview": has_renditions(stored),
        "hasPdfPreview": stored.extension == "pdf",
        "type": "File",
        "versionId": stored.version_id,
    }


def file_detail(stored: StoredFile, view: View) -> dict[str, Any]:
    """File Detail, the answer of GET /connect/files/{id}: the File Summary plus the page count."""
    owner = stored.owner_id
    detail = {
        **_common(stored, view),
        "createdDate": iso(stored.created),
        "externalFilePermissionInformation": None,
        "flashRenditionStatus": "Na",
        "isFileAsset": False,
        "isMajorVersion": True,
        "moderationFlags": None,
        "modifiedDate": iso(stored.created),
        "mySubscription": None,
        "name": stored.title,
        "origin": "Chatter",
        "owner": view.user(owner),
        "pageCount": page_count(stored),
        "parentFolder": None,
        "pdfRenditionStatus": "Success" if stored.extension == "pdf" else "Na",
        "publishStatus": "PublicAccess",
        "sharingRole": "Owner" if owner == view.viewer_id else "Viewer",
        "systemModstamp": iso(stored.created),
        "type": "ContentDocument",
        "versionNumber": "1",
    }
    if float(view.version) >= 62:
        detail["contentVersionId"] = stored.version_id
    return dict(sorted(detail.items()))


def page_count(stored: StoredFile) -> int:
    """Pages of a PDF (one page objects each); any other file is one page."""
    if stored.extension != "pdf" or stored.recipe not in filecontent.RECIPES:
        return 1
    return filecontent.content(stored.recipe).count(b"/Type /Page ")


def inline_image(stored: StoredFile, view: View) -> dict[str, Any]:
    """What an InlineImage message segment adds to `type` and `text`."""
    previews = [
        {
            "format": format_name,
            "previewUrlCount": 1,
            "previewUrls": [{"pageNumber": None, "previewUrl": rendition_url(stored, view, kind)}],
            "status": "Available",
            "url": None,
        }
        for format_name, kind in (("ThumbnailBig", "THUMB720BY480"), ("Thumbnail", "THUMB240BY180"))
    ]
    return {
        "contentSize": stored.size,
        "fileExtension": stored.extension,
        "thumbnails": {
            "fileId": stored.file_id,
            "previews": previews,
            "url": f"{file_url(stored, view)}/previews",
        },
        "url": version_data_url(stored, view),
    }
