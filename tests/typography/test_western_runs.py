"""Issue #14: Western runs inside Chinese text and the limit on loose lines, measured on
the PDF (docs/typesetting.md §12).

Two pages: the seed page built by the CLI, and a made-up page of news copy with web and
e-mail addresses, standard numbers, model names, number–unit pairs and + between words
(western_project.py), built flush by the CLI. Lines, paragraphs and the breaks between
lines are read back from the PDF with pdfminer (typo_measure); the rules below are
written out here, not taken from the engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typo_measure as tm

from western_project import TIGHT_PARAGRAPH, build_western, tight_project

# Web and e-mail addresses as a reader sees them.
ADDRESS = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+"
                     r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Marks that may not start a line inside an address (clreq line-start rule, and a line
# starting with a hyphen or slash reads as a broken word); Chicago's allowed places.
URL_NO_START = set(".,:;?!)]}'\"-/")
URL_AFTER = set("/=&")
URL_BEFORE = set("~_#%=&@")
# Designations: a Latin word or acronym and its number, a number and its unit, two
# numbers joined by a dash (GB 18030—2022, GB/T 15834, iPhone 16, 30 km, 2024—2026).
DESIGNATION = re.compile(r"[A-Za-z][A-Za-z/]* \d+(?:[—–]\d+)?|\d+ (?:km|kg|cm|mm|GB|MB|%)(?![A-Za-z])|\d+[—–]\d+")
SYMBOLS = set("+=×÷~")
LIMIT = 0.25  # em: the night desk's most letter-spacing between Han characters


@pytest.fixture(scope="module")
def western_pdf(tmp_path_factory) -> Path:
    return build_western(tmp_path_factory.mktemp("western"))


@pytest.fixture(params=["seed", "made-up"])
def body(request) -> tm.BodyText:
    fixture = "opinion_pdf" if request.param == "seed" else "western_pdf"
    return tm.body_text(request.getfixturevalue(fixture))


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(m.group().rstrip(".,;:!?)'\""))) for m in pattern.finditer(text)]


def address_breaks(body: tm.BodyText) -> tuple[list[str], int]:
    """(faults, breaks inside addresses): a break inside a web or e-mail address must be at
    a place Chicago allows, and never start a line with a mark that may not start one."""
    faults, count = [], 0
    for para in body.paragraphs:
        text, cuts = tm.paragraph_text(para)
        for s, e in _spans(ADDRESS, text):
            for cut in (c for c in cuts if s < c < e):
                count += 1
                a, b = text[cut - 1], text[cut]
                where = f"{text[s:cut]}|{text[cut:e]}"
                if b in URL_NO_START or a == "-" or a == "/" == b:
                    faults.append(f"a line starts with {b!r} inside an address: {where}")
                elif not (a in URL_AFTER or b in URL_BEFORE):
                    faults.append(f"address broken at no allowed place: {where}")
    return faults, count


def designation_faults(body: tm.BodyText) -> list[str]:
    faults = []
    for para in body.paragraphs:
        text, cuts = tm.paragraph_text(para)
        for s, e in _spans(DESIGNATION, text):
            faults += [f"designation split: {text[s:c]}|{text[c:e]}" for c in cuts if s < c < e]
    return faults


def symbol_space_faults(body: tm.BodyText) -> list[str]:
    """Beside + = × ÷ ~ a Han character keeps the line's letter-spacing, no ¼-em space."""
    faults = []
    for line in body.lines:
        gaps = tm.han_gaps(line)
        spacing = max(gaps) if gaps else 0.0
        g = line.glyphs
        for a, b in zip(g, g[1:], strict=False):
            if (a.text in SYMBOLS and tm.is_han(b.text)) or (tm.is_han(a.text) and b.text in SYMBOLS):
                gap = line.ems(b.x - a.right)
                if abs(gap - spacing) > 0.02:
                    faults.append(f"{gap:.3f} em between {a.text}{b.text} (letter-spacing {spacing:.3f}): [{line.text}]")
    return faults


def symbol_pairs(body: tm.BodyText) -> int:
    return sum(1 for line in body.lines for a, b in zip(line.glyphs, line.glyphs[1:], strict=False)
               if (a.text in SYMBOLS and tm.is_han(b.text)) or (tm.is_han(a.text) and b.text in SYMBOLS))


def loose_lines(body: tm.BodyText, limit: float = LIMIT) -> list[str]:
    return [f"{max(tm.han_gaps(line)):.3f} em: [{line.text}]" for line in body.lines
            if tm.han_gaps(line) and max(tm.han_gaps(line)) > limit + 0.01]


def test_addresses_break_only_where_allowed(body, request):
    faults, count = address_breaks(body)
    assert faults == []
    if "made-up" in request.node.name:
        assert count >= 4, "the made-up page breaks its addresses (else the check shows nothing)"


def test_no_designation_is_split(body, request):
    assert designation_faults(body) == []
    if "made-up" in request.node.name:
        text = "".join(tm.paragraph_text(p)[0] for p in body.paragraphs)
        found = {m.group() for m in DESIGNATION.finditer(text)}
        assert {"GB 18030—2022", "GB/T 15834—2011", "iPhone 16", "Mate 70", "30 km"} <= found


def test_no_space_around_plus_and_other_symbols(body):
    assert symbol_pairs(body) >= 2, "both pages have + between Han characters"
    assert symbol_space_faults(body) == []


def test_no_line_is_letter_spaced_over_a_quarter_em(body):
    assert loose_lines(body) == []


def test_a_two_em_dash_never_starts_a_line(body):
    assert [line.text for line in body.lines if line.text.startswith(("—", "⸺"))] == []


def test_the_made_up_page_is_flush_and_has_no_orphan(western_pdf):
    """Built by the CLI without --draft (no fault); every line flush, no 孤字."""
    body = tm.body_text(western_pdf)
    assert tm.flush_faults(body) == []
    assert tm.orphan_faults(body) == []
    assert tm.kinsoku_faults(body) == []


def test_the_audit_names_every_line_past_the_limit_by_file_and_line(tmp_path):
    """Copy with no breaking inside the limit: the audit names the loose lines with
    FILE:LINE, and the lines it names are the ones the PDF shows loose."""
    from zzprint.build import build_page, render, write
    from zzprint.fonts.roles import load_fontset
    from zzprint.proof.audit import audit_page

    spec = tight_project(tmp_path)
    result = build_page(spec)
    out = tmp_path / "tight.pdf"
    write(render(result), out)
    audit = audit_page(result, load_fontset(result.spec.fonts_file, result.spec.root))["western"]
    on_pdf = loose_lines(tm.body_text(out))
    assert on_pdf, "the tight copy has a line past the limit"
    source = (tmp_path / "content" / "western.md").read_text("utf-8").splitlines()
    line_no = next(i for i, text in enumerate(source, 1) if text.startswith(TIGHT_PARAGRAPH[:8]))
    assert len(audit.loose_lines) == len(on_pdf)
    assert all(entry.startswith(f"{tmp_path / 'content' / 'western.md'}:{line_no}: ") for entry in audit.loose_lines)
    assert audit.counters["lines letter-spaced over 0.25 em"] == len(on_pdf)
    assert audit.as_dict()["loose_lines"] == audit.loose_lines
