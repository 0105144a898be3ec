"""PDFs made from templates, marked For Official Use Only on every page.

A PDF is the printable page's own content, put in a bare document and laid
out by WeasyPrint with the print stylesheet, whose page margins carry the
marking and "Page N of M" on every page. PDFs are made in memory for the
response and never written to disk.

WeasyPrint needs the Pango libraries of the system (Debian:
libpango-1.0-0 and libpangoft2-1.0-0); it is imported only when a PDF is
made, so that a machine without them still serves every other page.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Carries the marking and the page numbers; loaded last, as a user
# stylesheet whose !important rules no template's own style can override.
PRINT_STYLESHEET = "css/print.css"
FOUO = "For Official Use Only"


class StylesheetMissing(Exception):
    """A stylesheet named for a PDF is not among the static files."""


def render(
    content_template: str,
    context: dict,
    *,
    title: str,
    stylesheets: tuple[str, ...] = (),
    request=None,
    marking: str = FOUO,
) -> bytes:
    """The PDF bytes of ``content_template`` under ``title``.

    ``stylesheets`` are static paths (``"css/reports.css"``) styling the
    content; the print stylesheet with the marking is always added.
    ``marking`` replaces For Official Use Only only where an authorized
    person chose another (a report released outside the agency).
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "pdf/document.html",
        {**context, "pdf_title": title, "pdf_content_template": content_template},
        request=request,
    )
    # Only data: URLs: a PDF is made from its template and the stylesheets
    # given, and the server must never fetch an address on a page's behalf.
    fetcher = URLFetcher(allowed_protocols={"data"})
    sheets = [
        weasyprint.CSS(filename=_static_file(path), url_fetcher=fetcher)
        for path in (*stylesheets, PRINT_STYLESHEET)
    ]
    if marking != FOUO:
        sheets.append(
            weasyprint.CSS(string=_marking_rule(marking), url_fetcher=fetcher)
        )
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets)


def _marking_rule(marking: str) -> str:
    # Loaded after the print stylesheet, so its !important rules win.
    text = marking.replace("\\", "").replace('"', "")
    return (
        f'@page {{ @top-center {{ content: "{text}" !important }} '
        f'@bottom-center {{ content: "{text}" !important }} }}'
    )


def _static_file(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise StylesheetMissing(path)
    return found
