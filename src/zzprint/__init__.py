"""zzprint: typesetting pipeline for a Chinese city daily's opinion page.

Stages, each owned by one module, data flowing one way:

    spec/      page-grid spec (YAML) -> PageSpec, frames in pt
    content/   newsroom copy -> Article (importer cleans raw text, with a change log)
    fonts/     type roles -> font faces; HarfBuzz shaping -> clusters with advances
    text/      clusters + settings -> justified lines (Chinese line breaking, pure)
    flow/      lines -> frames on the baseline grid, copy-fitting, fit report
    page.py    the page model every output reads (glyph runs, rules, boxes in pt)
    render/    page model -> PDF/X-1a (pydyf objects, our own operators and Type0/CID fonts)
    preflight  any PDF -> list of PDF/X-1a violations
    proof/     PDF -> PNG proofs and a proof report
"""

__version__ = "0.1.0"
