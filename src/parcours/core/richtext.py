"""Rich text as a small, safe subset of HTML (job descriptions)."""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4"}


def clean_rich_text(html: str) -> str:
    """Keep paragraphs, lists and emphasis; drop scripts, styles, links and attributes."""
    text = (html or "").strip()
    if text and "<" not in text:
        # Plain text typed without the editor: keep its paragraphs and lines.
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        text = "".join("<p>" + nh3.clean_text(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={})
