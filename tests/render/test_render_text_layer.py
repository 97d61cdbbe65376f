"""An exact text layer: every drawn glyph extracts as the text the source had.

A font may draw different source text with one glyph: Noto CJK draws … (U+2026)
and ⋯ (U+22EF) alike, —— (two U+2014, a ligature) like ⸺ (U+2E3A), ① like ➀,
a Kangxi radical like its ideograph.  The pairs are found here from the fonts
themselves — every code point of the cmap and every GSUB ligature of cmap
characters, shaped as zzprint shapes (HarfBuzz, zh-Hans, kerning off), grouped
by the one glyph they become — and a made-up page sets every group as body
text.  pdftotext (poppler) and pdfminer.six must both read the article back
exactly: the text layer says what the source said, whichever form came first.
"""

from __future__ import annotations

import collections
import io
import re
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pdfminer.high_level import extract_text
from render_helpers import KAI, SANS_BOLD, SERIF, document, gid_of, pdffonts, render_gray, run, shape

from pdfread import read_pdf
from projects import made_up_project, run_zzprint
from zzprint.content.markdown import load_articles
from zzprint.page import FontRef, GlyphRun, Page, PlacedGlyph
from zzprint.render import render_pdf

# The issue's four: one glyph for … and ⋯, one 2-em glyph for —— and ⸺.
NAMED = ("…", "⋯", "——", "⸺")


def _shape(font, text: str):
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = "zh-Hans"
    hb.shape(font, buf, {"kern": False})
    return buf.glyph_infos


@lru_cache(maxsize=4)
def shared_glyphs(ref: FontRef) -> tuple[tuple[str, ...], ...]:
    """Groups of source texts (a code point, or a ligature's characters) that shape to one and the same glyph."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(ref.path), ref.index)
    font = hb.Font(face)
    texts = [chr(u) for u in sorted(face.unicodes)]
    # every ligature of GSUB whose components are all glyphs of cmap characters
    otf = TTFont(ref.path, fontNumber=ref.index, lazy=True)
    char_of: dict[str, str] = {}
    for u, name in sorted(otf.getBestCmap().items()):
        char_of.setdefault(name, chr(u))
    if "GSUB" in otf:
        for lookup in otf["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                table = table.ExtSubTable if table.LookupType == 7 else table
                if table.LookupType != 4:
                    continue
                for first, ligatures in sorted(table.ligatures.items()):
                    for ligature in ligatures:
                        names = [first, *ligature.Component]
                        if all(n in char_of for n in names):
                            texts.append("".join(char_of[n] for n in names))
    by_glyph: dict[int, list[str]] = collections.defaultdict(list)
    for text in texts:
        infos = _shape(font, text)
        if len(infos) == 1 and infos[0].codepoint and text not in by_glyph[infos[0].codepoint]:
            by_glyph[infos[0].codepoint].append(text)
    return tuple(tuple(group) for group in by_glyph.values() if len(group) > 1)


def _is_space(text: str) -> bool:
    """Spaces and format characters are not set as glyphs (the line breaker makes them space)."""
    return any(ch.isspace() or unicodedata.category(ch) in ("Zs", "Cf") for ch in text)


def drawn_groups(ref: FontRef) -> list[tuple[str, ...]]:
    return [group for group in shared_glyphs(ref) if not any(_is_space(t) for t in group)]


def test_the_fonts_share_glyphs_the_issue_names_and_more():
    """The finder finds what it must: the issue's four in both Noto faces, and the other known pairs."""
    for ref in (SERIF, SANS_BOLD):
        groups = [set(g) for g in drawn_groups(ref)]
        assert {"…", "⋯"} in groups and {"——", "⸺"} in groups, ref.name
        assert {"———", "⸻"} in groups and {"①", "➀"} in groups and {"ff", "ﬀ"} in groups, ref.name
        assert any({"一", "⼀"} <= g for g in groups), ref.name  # Kangxi radical one
        assert len(groups) > 400, ref.name
    sans = [set(g) for g in drawn_groups(SANS_BOLD)]
    assert {"·", "•", "‧", "・"} in sans  # the middle dots
    # the only groups left out are spaces, which are never glyphs on the page
    left_out = [g for g in shared_glyphs(SERIF) if g not in drawn_groups(SERIF)]
    assert left_out and all(all(_is_space(t) for t in g) for g in left_out)


# --------------------------------------------------------------------------- a made-up page

LAYOUT = """
page: {name: 文字层, width: 390mm, height: 550mm, bleed: 3mm}
grid: {body_size: 小五, columns: 8, chars: 13, gutter: 1字, line_pitch: 14.3pt, lines: 96}
output: {condition: IFRA26}
header: null
styles:
  body: {font: BODY, size: 小五, indent: 2字}
articles:
  - content: shared
    rects: [{col: 1, span: 8, line: 1, lines: LINES}]
    headline: {lines: 6, max_lines: 2}
"""

TITLE = "省略号……与⋯⋯，破折号——与⸺"


def article(groups: list[tuple[str, ...]], filler: int = 0) -> str:
    """Every form of every group, each group after an ideograph (a dash may not start a line at gb: a
    run of dash groups would leave no place to break) and each form followed by 、 or ， (so no two
    forms make a new ligature, and no form ends a line: an f ligature's ink overhangs its advance, and at a line end the fault
    check would call that off-frame), in paragraphs of 40 groups; the forms of a group come in
    both orders across the article.  ``filler`` ideographs end the text, so the frame's columns
    can end flush."""
    paragraphs = []
    for start in range(0, len(groups), 40):
        chunk = groups[start:start + 40]
        paragraphs.append("文" + "".join(
            "文" + "、".join(group if n % 2 else reversed(group)) + "，"
            for n, group in enumerate(chunk, start=start)) + "完。")
    paragraphs[-1] = paragraphs[-1][:-2] + "文" * filler + "完。"
    return f"---\ntitle: {TITLE}\nauthor: 测试\n---\n" + "\n\n".join(paragraphs) + "\n"


ROLE = {"书宋": SERIF, "黑体": SANS_BOLD, "楷体": KAI}


def build_flush(root: Path, role: str) -> Path:
    """Build the page; the frame is shortened and the text filled out until its 8 columns end flush
    (a page with a hole is not written)."""
    groups = drawn_groups(ROLE[role])
    lines, filler = 96, 0
    for _ in range(6):
        spec = made_up_project(root, LAYOUT.replace("BODY", role).replace("LINES", str(lines)),
                               {"shared": article(groups, filler)})
        result = run_zzprint("build", str(spec), "-o", "out.pdf", cwd=root)
        if result.returncode == 0:
            return root / "out.pdf"
        missing = re.search(r"(\d+) lines? missing", result.stderr)
        assert missing, result.stderr
        lines -= int(missing[1]) // 8
        filler += 13 * (int(missing[1]) % 8)
    raise AssertionError(result.stderr)


@pytest.fixture(scope="module")
def text_layer_pdf(tmp_path_factory):
    """One page per body font (书宋, 黑体, 楷体), the article mixing every shared-glyph group of that font."""
    built: dict[str, tuple[Path, Path]] = {}

    def build(role: str) -> tuple[Path, Path]:
        if role not in built:
            root = tmp_path_factory.mktemp("text-layer")
            built[role] = root, build_flush(root, role)
        return built[role]

    return build


def expected_text(root: Path) -> str:
    a = load_articles(root / "content")["shared"]
    return a.title + a.author + "".join(block.text for block in a.blocks)


# What extractors add on their own: a newline per line, a space where they see a gap
# (beside narrow Latin glyphs).  The article has no whitespace, so dropping it compares exactly.
EXTRACTOR_SPACE = {c: None for c in range(0x110000) if chr(c).isspace()}


@pytest.mark.parametrize("role", ["书宋", "黑体", "楷体"])
def test_pdfminer_reads_every_shared_glyph_back_as_the_source_text(text_layer_pdf, role):
    """Every glyph's ToUnicode text, in content-stream order, is the article, character for character."""
    root, pdf = text_layer_pdf(role)
    expected = expected_text(root)
    assert expected.translate(EXTRACTOR_SPACE) == expected  # no whitespace in the source
    if role != "楷体":
        assert all(form in expected for form in NAMED)
    drawn = read_pdf(pdf)[0].text
    assert drawn == expected, _first_difference(drawn, expected)
    # pdfminer's layout analysis orders lines by its own heuristics (Hangul jamo and narrow glyphs
    # split its boxes), so here only what each glyph says is compared, not the order.
    analysed = extract_text(str(pdf)).translate(EXTRACTOR_SPACE)
    assert collections.Counter(analysed) == collections.Counter(expected)


@pytest.mark.parametrize("role", ["书宋", "黑体", "楷体"])
def test_pdftotext_reads_every_shared_glyph_back_as_the_source_text(text_layer_pdf, role):
    root, pdf = text_layer_pdf(role)
    expected = expected_text(root)
    drawn = run("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-").translate(EXTRACTOR_SPACE)
    assert drawn == expected, _first_difference(drawn, expected)


@pytest.mark.parametrize("role", ["书宋", "黑体", "楷体"])
def test_the_text_layer_page_is_pdfx_with_subset_fonts_qpdf_clean_and_deterministic(text_layer_pdf, role):
    root, pdf = text_layer_pdf(role)
    again = run_zzprint("build", "layout/test.yaml", "-o", "again.pdf", cwd=root)
    assert again.returncode == 0 and (root / "again.pdf").read_bytes() == pdf.read_bytes(), again.stderr
    check = run_zzprint("check", str(pdf))
    assert check.returncode == 0, check.stdout + check.stderr
    rows = pdffonts(pdf)
    assert rows and all((r.embedded, r.subset, r.unicode) == ("yes", "yes", "yes") for r in rows)
    qpdf = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert qpdf.returncode == 0 and "No syntax or stream encoding errors" in qpdf.stdout, qpdf.stdout


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return (f"differs at {i}: drawn …{a[max(0, i - 12):i + 12]}… ({x!r} U+{ord(x):04X}) expected "
                    f"…{b[max(0, i - 12):i + 12]}… ({y!r} U+{ord(y):04X})")
    return f"lengths differ: {len(a)} vs {len(b)}"


# --------------------------------------------------------------------------- the mechanism, glyph by glyph

# Lines where one glyph stands for two texts, first in one order, then in the other.
MIXED = {
    SERIF: ["省略……与⋯⋯，破折——与⸺", "先⋯⋯后……，先⸺后——，⸻与———", "①➀〈〈〉〉／∕"],
    SANS_BOLD: ["省略……与⋯⋯，破折——与⸺", "先⋯⋯后……，间隔·•‧・", "一⼀，龜龜"],
    KAI: ["连字-与‑，波纹〜与～", "后‑先-，～〜"],
}


def mixed_page(ref: FontRef, *, primary_only: bool = False) -> Page:
    """MIXED[ref] shaped; with ``primary_only`` every glyph says the text its first use says
    (same glyphs at the same places: what the page drew before glyphs could have two texts)."""
    runs = [shape(ref, line, 14, 10, 30 + 24 * n) for n, line in enumerate(MIXED[ref])]
    if primary_only:
        first: dict[int, str] = {}
        for glyph in (g for r in runs for g in r.glyphs):
            first.setdefault(glyph.gid, glyph.text)
        runs = [r._replace(glyphs=tuple(g._replace(text=first[g.gid]) for g in r.glyphs)) for r in runs]
    return Page(300, 30 + 24 * len(runs), bleed=0, items=runs)


@pytest.mark.parametrize("ref", list(MIXED), ids=lambda r: r.name)
def test_one_glyph_with_two_texts_extracts_as_each_text(ref, tmp_path):
    texts_of: dict[int, set[str]] = collections.defaultdict(set)
    for glyph in (g for r in mixed_page(ref).items for g in r.glyphs):
        texts_of[glyph.gid].add(glyph.text)
    assert sum(len(texts) > 1 for texts in texts_of.values()) >= 2  # the page really has shared glyphs
    data = render_pdf(document(mixed_page(ref)))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(data)
    assert [line.strip() for line in run("pdftotext", "-raw", str(path), "-").split("\n") if line.strip()] \
        == MIXED[ref]
    assert read_pdf(path)[0].text == "".join(MIXED[ref])
    # the same glyphs, with one text each, give the same pixels: an alias draws its glyph's outline
    single = tmp_path / "single.pdf"
    single.write_bytes(render_pdf(document(mixed_page(ref, primary_only=True))))
    assert read_pdf(single)[0].text != read_pdf(path)[0].text
    assert render_gray(path, 150, tmp_path / "a") == render_gray(single, 150, tmp_path / "b")


def test_aliases_are_deterministic_and_independent_of_which_form_comes_first():
    one = render_pdf(document(mixed_page(SERIF)))
    assert render_pdf(document(mixed_page(SERIF))) == one
    flipped = Page(300, 120, bleed=0, items=list(reversed(mixed_page(SERIF).items)))
    with pikepdf.open(io.BytesIO(render_pdf(document(flipped)))) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        cmap = font.ToUnicode.read_bytes()
    assert "…".encode("utf-16-be").hex().upper().encode() in cmap
    assert "⋯".encode("utf-16-be").hex().upper().encode() in cmap


def _embedded(data: bytes, name: str):
    pdf = pikepdf.open(io.BytesIO(data))
    font = next(f for f in pdf.pages[0].Resources.Font.values() if name in str(f.BaseFont))
    return pdf, font, font.DescendantFonts[0]


def _unicode_of(cmap: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap.split(b"endcodespacerange", 1)[1])
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}


def test_a_cff_alias_is_a_copy_of_its_glyph_under_the_next_cid():
    """CFF: the alias CIDs come after the subset's glyphs; each charstring is its glyph's, same Font DICT."""
    from fontTools.cffLib import CFFFontSet

    glyphs = (PlacedGlyph(gid_of(SERIF, "…"), 0, "…"), PlacedGlyph(gid_of(SERIF, "…"), 12, "⋯"),
              PlacedGlyph(gid_of(SERIF, "中"), 24, "中"), PlacedGlyph(gid_of(SERIF, "…"), 36, "⋯"))
    data = render_pdf(document(Page(100, 40, items=[GlyphRun(SERIF, 12, 30, glyphs)])))
    pdf, font, cid = _embedded(data, "NotoSerif")
    with pdf:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(cid.FontDescriptor.FontFile3.read_bytes()), None)
        top = cff.topDictIndex[0]
        assert top.charset == [".notdef", "cid00001", "cid00002", "cid00003"]  # CID n = glyph n
        text = _unicode_of(font.ToUnicode.read_bytes())
        assert sorted(text.values()) == ["…", "⋯", "中"] and text[3] == "⋯"
        strings = top.CharStrings
        original = next(code for code, t in text.items() if t == "…")
        for code in (original, 3):
            strings[top.charset[code]].decompile()
        assert strings[top.charset[3]].program == strings[top.charset[original]].program
        assert top.FDSelect[3] == top.FDSelect[original]
        widths = _widths(cid.W)
        assert widths[3] == widths[original] == 1000
        shown = [operands[0] for operands, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "TJ"]
        codes = [bytes(s) for s in shown[0] if isinstance(s, pikepdf.String)]
        assert [int.from_bytes(c[i:i + 2], "big") for c in codes for i in range(0, len(c), 2)] \
            == [original, 3, next(code for code, t in text.items() if t == "中"), 3]


def _widths(w) -> dict[int, float]:
    """A /W array (``c [w1 w2 …]`` and ``c1 c2 w`` forms) as code → width."""
    items, out, i = list(w), {}, 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            out.update({first + k: float(v) for k, v in enumerate(items[i + 1])})
            i += 2
        else:
            out.update({c: float(items[i + 2]) for c in range(first, int(items[i + 1]) + 1)})
            i += 3
    return out


def test_a_truetype_alias_maps_its_cid_to_the_same_glyph():
    """TrueType: no copy; a /CIDToGIDMap stream sends the alias CID to the glyph (Identity otherwise)."""
    dash = gid_of(KAI, "-")
    glyphs = (PlacedGlyph(dash, 0, "-"), PlacedGlyph(gid_of(KAI, "中"), 6, "中"), PlacedGlyph(dash, 18, "‑"))
    data = render_pdf(document(Page(100, 40, items=[GlyphRun(KAI, 12, 30, glyphs)])))
    pdf, font, cid = _embedded(data, "LXGW")
    with pdf:
        cid_to_gid = cid.CIDToGIDMap.read_bytes()
        assert len(cid_to_gid) == 2 * 4  # .notdef, two glyphs, one alias
        gid_of_cid = [int.from_bytes(cid_to_gid[i:i + 2], "big") for i in range(0, 8, 2)]
        assert gid_of_cid[:3] == [0, 1, 2] and gid_of_cid[3] in (1, 2)
        text = _unicode_of(font.ToUnicode.read_bytes())
        assert text[3] == "‑" and text[gid_of_cid[3]] == "-"
    plain = render_pdf(document(Page(100, 40, items=[GlyphRun(KAI, 12, 30, glyphs[:2])])))
    pdf, _, cid = _embedded(plain, "LXGW")
    with pdf:
        assert cid.CIDToGIDMap == "/Identity"


def test_a_glyph_that_is_also_the_tail_of_a_cluster_does_not_repeat_its_text(tmp_path):
    """'中国' drawn as 中 + 、 (a cluster of two glyphs), and 、 on its own: 、 is read once, where it stands."""
    comma = gid_of(SERIF, "、")
    glyphs = (PlacedGlyph(gid_of(SERIF, "中"), 0, "中国"), PlacedGlyph(comma, 4, ""),
              PlacedGlyph(gid_of(SERIF, "好"), 12, "好"), PlacedGlyph(comma, 24, "、"))
    path = tmp_path / "tail.pdf"
    path.write_bytes(render_pdf(document(Page(100, 50, items=[GlyphRun(SERIF, 12, 30, glyphs)]))))
    assert run("pdftotext", "-raw", str(path), "-").strip() == "中国好、"


def test_a_page_without_shared_glyphs_embeds_no_alias():
    """No pair, no change: the subset holds exactly the glyphs drawn (plus .notdef) and TrueType stays Identity."""
    run_ = shape(SERIF, "城市更新要留住烟火气", 12, 10, 30)
    data = render_pdf(document(Page(200, 40, items=[run_])))
    pdf, font, cid = _embedded(data, "NotoSerif")
    with pdf:
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(cid.FontDescriptor.FontFile3.read_bytes()), None)
        assert len(cff.topDictIndex[0].charset) == len({g.gid for g in run_.glyphs}) + 1
        assert len(_unicode_of(font.ToUnicode.read_bytes())) == len(run_.glyphs)


NIMBUS = FontRef("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf", 0, "NimbusSans-Regular")


@pytest.mark.skipif(not Path(NIMBUS.path).exists(), reason="fonts-urw-base35 not installed")
def test_a_name_keyed_cff_font_gets_a_named_copy(tmp_path):
    """A CFF font without CIDs (a Western OpenType font): the copy gets a glyph name of its own."""
    from fontTools.cffLib import CFFFontSet

    a, b = gid_of(NIMBUS, "A"), gid_of(NIMBUS, "B")

    def page(alpha: str) -> Page:
        glyphs = (PlacedGlyph(a, 0, "A"), PlacedGlyph(b, 10, "B"), PlacedGlyph(a, 20, alpha), PlacedGlyph(a, 30, "A"))
        return Page(60, 40, bleed=0, items=[GlyphRun(NIMBUS, 12, 30, glyphs)])

    mixed, plain = tmp_path / "mixed.pdf", tmp_path / "plain.pdf"
    mixed.write_bytes(render_pdf(document(page("Α"))))  # U+0391 GREEK CAPITAL ALPHA, drawn with A
    plain.write_bytes(render_pdf(document(page("A"))))
    assert run("pdftotext", "-raw", str(mixed), "-").translate(EXTRACTOR_SPACE) == read_pdf(mixed)[0].text == "ABΑA"
    assert render_gray(mixed, 150, tmp_path / "m") == render_gray(plain, 150, tmp_path / "p")
    pdf, _, cid = _embedded(mixed.read_bytes(), "Nimbus")
    with pdf:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(cid.FontDescriptor.FontFile3.read_bytes()), None)
        top = cff.topDictIndex[0]
        assert top.charset == [".notdef", "A", "B", "zz.3"]
        for name in ("A", "zz.3"):
            top.CharStrings[name].decompile()
        assert top.CharStrings["zz.3"].program == top.CharStrings["A"].program
    assert run_zzprint("check", str(mixed)).returncode == 0


def test_more_texts_than_two_byte_codes_is_a_user_error_not_a_broken_file():
    """Ten thousand times the text: 70 000 different texts for one glyph cannot all have a 2-byte code."""
    from zzprint.errors import UserError

    gid = gid_of(SERIF, "中")
    glyphs = tuple(PlacedGlyph(gid, 0.0, f"中{n}") for n in range(70_000))
    with pytest.raises(UserError, match="65 535"):
        render_pdf(document(Page(100, 40, items=[GlyphRun(SERIF, 12, 30, glyphs)])))
