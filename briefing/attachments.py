"""The evidence (``briefing.evidence``) as attachments of a PDF edition, by WeasyPrint's own means.

WeasyPrint 70 embeds what ``write_pdf(attachments=...)`` gives it, but writes the PDF/A-3
associated-file relation (``/AFRelationship``, and the catalog's ``/AF``) only for the
PDF/A-3 variants, and the editions are PDF/UA-1; and for an ending Python's own table does
not know it takes the media type from the system's. So a finisher, WeasyPrint's hook
for the finished PDF, sets both from the evidence, the same on every machine.
"""

from __future__ import annotations

from .evidence import Item, edition_day


def attachments(items: list[Item]) -> list:
    """WeasyPrint attachments, in the byte order of their names (the order of the name
    tree that lists them), dated the edition's day."""
    from weasyprint import Attachment

    day = edition_day(items)
    return [Attachment(string=item.data, name=item.name, description=item.description,
                       created=day, modified=day, relationship=item.relationship)
            for item in sorted(items, key=lambda i: i.name.encode("utf-8"))]


def finisher(items: list[Item]):
    """``write_pdf(finisher=...)``: each attachment's relationship and media type, and the
    catalog's list of associated files."""
    by_name = {item.name: item for item in items}

    def finish(document, pdf) -> None:
        import pydyf

        associated = pydyf.Array()
        for spec in pdf.objects:
            if not isinstance(spec, dict) or spec.get("Type") != "/Filespec":
                continue
            item = by_name.get(spec["UF"].string)
            if item is None:  # not evidence: left as WeasyPrint wrote it
                continue
            spec["AFRelationship"] = f"/{item.relationship}"
            stream = pdf.objects[int(spec["EF"]["F"].split()[0])]
            stream.extra["Subtype"] = "/" + item.media_type.replace("/", "#2f")
            associated.append(spec.reference)
        if associated:
            pdf.catalog["AF"] = associated

    return finish
