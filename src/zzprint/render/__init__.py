"""Page model → print-ready PDF/X-1a:2001 bytes.

Input: a :class:`zzprint.page.Document`.
Output: :func:`render_pdf` returns the PDF bytes (deterministic: the same
Document gives byte-identical output); writing them is :func:`zzprint.files.write_atomic`'s.

Modules: ``pdf`` draws pages and writes the file with pydyf; ``pdffonts``
subsets and embeds fonts as Type0/Identity-H CIDFonts; ``pdfx`` holds the PDF/X
variants table; ``slug`` makes crop marks and the slug label; ``numfmt``
formats every number.
"""

from .pdf import render_pdf

__all__ = ["render_pdf"]
