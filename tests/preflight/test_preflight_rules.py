"""Each test breaks the clean PDF/X-1a file in exactly one way and expects exactly that rule."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from reportlab.pdfgen.canvas import Canvas

from zzprint.preflight import RULES, Violation
from zzprint.preflight import check_pdf as _check_pdf

from preflight_pdfs import Builder, draw_clean, lzw_encode, output_intent


def check_pdf(path: Path, **options: object) -> list[Violation]:
    """The static rules only: ink is measured by rendering, tested in test_preflight_tac.py."""
    return _check_pdf(path, measure_tac=False, **options)  # type: ignore[arg-type]


def rules_of(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


def append_content(pdf: pikepdf.Pdf, data: bytes, **resources: Dictionary) -> None:
    """Append a content stream to page 1 and merge resource categories into its /Resources."""
    page = pdf.pages[0]
    for category, entries in resources.items():
        table = page.Resources.get(f"/{category}")
        if table is None:
            page.Resources[f"/{category}"] = table = Dictionary()
        for key, value in entries.items():
            table[key] = value
    page.contents_add(pdf.make_stream(data), prepend=False)


def cmyk_image(pdf: pikepdf.Pdf, space: Name = Name.DeviceCMYK, n: int = 4) -> pikepdf.Stream:
    return pdf.make_stream(
        bytes([0x40] * (2 * 2 * n)),
        Type=Name.XObject, Subtype=Name.Image, Width=2, Height=2, ColorSpace=space, BitsPerComponent=8,
    )


def test_clean_file_conforms(make_pdf: Builder) -> None:
    assert check_pdf(make_pdf()) == []


def test_every_rule_is_in_the_table_with_a_citation() -> None:
    for rule in RULES.values():
        assert rule.description and "§1" in rule.cite, rule.id


# --- colour -----------------------------------------------------------------------------


def test_rgb_fill(make_pdf: Builder) -> None:
    def draw(c: Canvas) -> None:
        draw_clean(c)
        c.setFillColorRGB(1, 0, 0)
        c.rect(150, 20, 50, 50, fill=1, stroke=0)

    found = check_pdf(make_pdf(draw=draw))
    assert rules_of(found) == ["colour"]
    assert found[0].page == 1 and found[0].obj == "content stream op 'rg'"
    assert "DeviceRGB" in found[0].message


def test_rgb_image(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        img = pdf.make_indirect(cmyk_image(pdf, Name.DeviceRGB, 3))
        append_content(pdf, b"q 40 0 0 40 150 40 cm /ImRGB Do Q", XObject=Dictionary(ImRGB=img))

    found = check_pdf(make_pdf(edit=edit))
    assert rules_of(found) == ["image-colour"]
    assert found[0].obj.startswith("Image /ImRGB obj ")


def test_cmyk_image_passes(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        append_content(pdf, b"q 40 0 0 40 150 40 cm /Im0 Do Q", XObject=Dictionary(Im0=pdf.make_indirect(cmyk_image(pdf))))

    assert check_pdf(make_pdf(edit=edit)) == []


def test_rgb_inline_image(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        append_content(pdf, b"q 20 0 0 20 150 40 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q")

    found = check_pdf(make_pdf(edit=edit))
    assert rules_of(found) == ["image-colour"] and found[0].obj == "inline image"


def test_rgb_inside_form_xobject_names_the_form(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        form = pdf.make_indirect(pdf.make_stream(b"0 0 1 RG 0 0 m 10 10 l S", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10]))
        append_content(pdf, b"q /Fm1 Do Q", XObject=Dictionary(Fm1=form))

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "colour" and found.page == 1
    assert found.obj.startswith("Form /Fm1 obj ") and found.obj.endswith("content stream op 'RG'")


def test_icc_colour_space_resource(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        icc = pdf.make_indirect(pdf.make_stream(b"\0" * 128, N=3))
        append_content(pdf, b"/CS0 cs 1 0 0 sc 150 20 40 40 re f", ColorSpace=Dictionary(CS0=Array([Name.ICCBased, icc])))

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "colour" and "ICCBased (N=3)" in found.message


@pytest.mark.parametrize(("alternate", "expected"), [(Name.DeviceCMYK, []), (Name.DeviceRGB, ["colour"])])
def test_separation_alternate(make_pdf: Builder, alternate: Name, expected: list[str]) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        n = 4 if alternate == Name.DeviceCMYK else 3
        tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * n, C1=[1] + [0] * (n - 1), N=1)
        sep = Array([Name.Separation, Name("/PANTONE 300 C"), alternate, tint])
        append_content(pdf, b"/Spot cs 1 sc 150 20 40 40 re f", ColorSpace=Dictionary(Spot=sep))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == expected


def test_rgb_shading(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        fn = Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 1, 1], C1=[0, 0, 1], N=1)
        sh = pdf.make_indirect(Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0], Function=fn))
        append_content(pdf, b"q 150 20 40 40 re W n /Sh0 sh Q", Shading=Dictionary(Sh0=sh))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["shading-colour"]


# --- boxes ------------------------------------------------------------------------------


def test_missing_trimbox(make_pdf: Builder) -> None:
    found = check_pdf(make_pdf(edit=lambda pdf: pdf.pages[0].obj.__delitem__("/TrimBox")))
    assert rules_of(found) == ["box-trim"] and found[0].page == 1


def test_trimbox_outside_mediabox(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.TrimBox = Array([10, 10, 400, 190])

    found = check_pdf(make_pdf(edit=edit))
    assert rules_of(found) == ["box-nesting"]
    assert "not inside MediaBox" in found[0].message


def test_trim_and_art_box_both(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.ArtBox = Array([10, 10, 290, 190])

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["box-trim"]


def test_inherited_mediabox_is_used(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.MediaBox = pdf.pages[0].obj.MediaBox
        del pdf.pages[0].obj["/MediaBox"]

    assert check_pdf(make_pdf(edit=edit)) == []


def test_trimbox_on_pages_node_is_not_inherited(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.TrimBox = pdf.pages[0].obj.TrimBox
        del pdf.pages[0].obj["/TrimBox"]

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "box-trim" and "not inherited" in found.message


# --- fonts ------------------------------------------------------------------------------


def test_unembedded_font(make_pdf: Builder) -> None:
    def draw(c: Canvas) -> None:
        draw_clean(c)
        c.setFont("Helvetica", 10)
        c.drawString(30, 150, "Helvetica is not embedded by reportlab")

    (found,) = check_pdf(make_pdf(draw=draw))
    assert found.rule == "font-embedded" and found.page == 1
    assert found.obj.endswith("(Helvetica)") and found.obj.startswith("/Font /F")


def test_fontfile3_opentype(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        for font in pdf.pages[0].Resources.Font.values():
            fd = font.FontDescriptor
            fd.FontFile3 = fd.FontFile2
            fd.FontFile3.Subtype = Name.OpenType
            del fd["/FontFile2"]

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["font-opentype"]


# --- document ---------------------------------------------------------------------------


def test_two_output_intents(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OutputIntents.append(output_intent(pdf))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["outputintent"]


def test_no_output_intent(make_pdf: Builder) -> None:
    assert rules_of(check_pdf(make_pdf(edit=lambda pdf: pdf.Root.__delitem__("/OutputIntents")))) == ["outputintent"]


def test_condition_mismatch(make_pdf: Builder) -> None:
    path = make_pdf()
    assert rules_of(check_pdf(path, condition="FOGRA39")) == ["outputintent-condition"]
    assert check_pdf(path, condition="") == []  # "" accepts any condition


def test_unregistered_condition_needs_a_profile(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OutputIntents = Array([output_intent(pdf, "Zhengzhou coldset 2024")])
        pdf.Root.OutputIntents[0].Info = "plant's own characterisation"

    found = check_pdf(make_pdf(edit=edit), condition="")
    assert rules_of(found) == ["outputintent-profile"] and "must be embedded" in found[0].message


CMYK_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@pytest.mark.skipif(not CMYK_ICC.exists(), reason="Ghostscript's CMYK ICC profile is not installed")
def test_unregistered_condition_with_embedded_cmyk_profile(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        oi = output_intent(pdf, "Zhengzhou coldset 2024")
        oi.Info = "plant's own characterisation"
        oi.DestOutputProfile = pdf.make_indirect(pdf.make_stream(CMYK_ICC.read_bytes(), N=4))
        pdf.Root.OutputIntents = Array([oi])

    assert check_pdf(make_pdf(edit=edit), condition="Zhengzhou coldset 2024") == []


def test_missing_trapped(make_pdf: Builder) -> None:
    found = check_pdf(make_pdf(edit=lambda pdf: pdf.trailer.Info.__delitem__("/Trapped")))
    assert rules_of(found) == ["info-trapped"] and found[0].page == 0


def test_missing_pdfx_version(make_pdf: Builder) -> None:
    assert rules_of(check_pdf(make_pdf(edit=lambda pdf: pdf.trailer.Info.__delitem__("/GTS_PDFXVersion")))) == ["info-version"]


def test_empty_title(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info.Title = "  "

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["info-title"]


def test_pdf_17_header(make_pdf: Builder) -> None:
    found = check_pdf(make_pdf(version="1.7"))
    assert rules_of(found) == ["version"] and "1.7" in found[0].message


def test_lzw_filter(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        stream = pdf.make_stream(b"")
        stream.write(lzw_encode(b"q 0 0 0 1 k 150 20 40 40 re f Q"), filter=Name.LZWDecode)
        pdf.pages[0].contents_add(stream, prepend=False)

    path = make_pdf(edit=edit, keep_filters=True)
    found = check_pdf(path)
    assert rules_of(found) == ["filter"]
    assert found[0].page == 1 and "LZW" in found[0].message  # attributed to the page using it


# --- transparency -----------------------------------------------------------------------


def test_soft_mask_in_extgstate(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        group = pdf.make_indirect(
            pdf.make_stream(b"0.5 g 0 0 300 200 re f", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 300, 200],
                            Group=Dictionary(S=Name.Transparency, CS=Name.DeviceGray))
        )
        gs = Dictionary(Type=Name.ExtGState, SMask=Dictionary(Type=Name.Mask, S=Name.Luminosity, G=group))
        append_content(pdf, b"q /GSm gs 0 0 0 1 k 150 20 40 40 re f Q", ExtGState=Dictionary(GSm=gs))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["transparency-smask"]


def test_fill_alpha_half(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        # Used twice, as a direct object: still one finding for the page.
        content = b"q /GSa gs 0 0 0 1 k 150 20 40 40 re f Q q /GSa gs 150 80 40 40 re f Q"
        append_content(pdf, content, ExtGState=Dictionary(GSa=Dictionary(ca=0.5)))

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "transparency-alpha" and found.obj.startswith("ExtGState /GSa")


def test_opaque_extgstate_with_overprint_passes(make_pdf: Builder) -> None:
    # §10 asks for exactly this on body text: /op true /OP true /OPM 1 with alpha 1.
    def edit(pdf: pikepdf.Pdf) -> None:
        gs = Dictionary(Type=Name.ExtGState, op=True, OP=True, OPM=1, ca=1, CA=1, BM=Name.Normal, SMask=Name("/None"))
        append_content(pdf, b"q /GSo gs 0 0 0 1 k 150 20 40 40 re f Q", ExtGState=Dictionary(GSo=gs))

    assert check_pdf(make_pdf(edit=edit)) == []


def test_blend_mode(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        append_content(pdf, b"q /GSb gs 0 0 0 1 k 150 20 40 40 re f Q", ExtGState=Dictionary(GSb=Dictionary(BM=Name.Multiply)))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["transparency-blend"]


def test_page_transparency_group(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceCMYK)

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["transparency-group"]


def test_transfer_function(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        append_content(pdf, b"q /GSt gs Q", ExtGState=Dictionary(GSt=Dictionary(TR=Name.Identity)))

    assert rules_of(check_pdf(make_pdf(edit=edit))) == ["transfer"]


# --- annotations, actions, encryption ---------------------------------------------------


def link(rect: list[float]) -> Dictionary:
    return Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=rect, Border=[0, 0, 0],
        A=Dictionary(S=Name.URI, URI="https://example.com/"),
    )


def test_link_annotation_on_page(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link([50, 50, 150, 80]))])

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "annotation" and found.page == 1 and found.obj.startswith("Annot /Link obj ")


def test_annotation_in_the_slug_and_printer_marks_pass(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        mark_ap = pdf.make_stream(b"0 0 0 1 K 0.5 w 0 0 m 10 10 l S", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10])
        mark = Dictionary(Type=Name.Annot, Subtype=Name.PrinterMark, Rect=[100, 100, 110, 110], F=4, AP=Dictionary(N=mark_ap))
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link([0, 0, 4, 4])), pdf.make_indirect(mark)])

    assert check_pdf(make_pdf(edit=edit)) == []


def test_printer_mark_appearance_is_checked_for_colour(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        ap = pdf.make_stream(b"1 0 0 RG 0 0 m 10 10 l S", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10])
        mark = Dictionary(Type=Name.Annot, Subtype=Name.PrinterMark, Rect=[0, 0, 4, 4], F=4, AP=Dictionary(N=ap))
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(mark)])

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "colour" and found.obj.startswith("Annot obj ")


def test_javascript_open_action(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS="app.alert('hi')")

    (found,) = check_pdf(make_pdf(edit=edit))
    assert found.rule == "actions" and found.obj == "Catalog /OpenAction"


def test_goto_open_action_passes(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])

    assert check_pdf(make_pdf(edit=edit)) == []


def test_encrypted_file(make_pdf: Builder) -> None:
    # 40-bit RC4 (R2) is the only scheme a PDF 1.3 file can carry; no user password is needed.
    path = make_pdf(encryption=pikepdf.Encryption(owner="print-shop", user="", R=2, aes=False, metadata=False))
    found = check_pdf(path)
    assert rules_of(found) == ["encrypt"]


def test_file_with_user_password(make_pdf: Builder) -> None:
    path = make_pdf(encryption=pikepdf.Encryption(owner="o", user="u", R=2, aes=False, metadata=False))
    (found,) = check_pdf(path)
    assert found.rule == "encrypt" and "user password" in found.message


def test_not_a_pdf_raises_user_error(tmp_path: Path) -> None:
    from zzprint.errors import UserError

    path = tmp_path / "story.txt"
    path.write_text("not a PDF at all\n")
    with pytest.raises(UserError, match="not a PDF"):
        check_pdf(path)
