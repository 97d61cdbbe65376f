"""Files from an attacker: the check answers with findings (exit 1) or one line (exit 2), in
bounded time and memory, never a traceback, a hang or a crash.

Each check runs in a child process under a wrapper that reports the child's peak RSS
(``RUSAGE_CHILDREN`` of a fresh wrapper, so earlier tests' children do not count) and its
wall time; time is asserted only against a generous timeout (speed lives in ``make bench``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from preflight_pdfs import Builder

from zzprint.preflight import check_pdf, guard

MiB = 1 << 20

# Runs the check as a grandchild and prints its exit status, output, peak RSS and seconds.
_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60)
print(json.dumps({"status": done.returncode, "out": done.stdout, "err": done.stderr,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "seconds": time.monotonic() - t}))
"""


def checked(path: Path | str, *args: str) -> dict:
    wrapper = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "zzprint.preflight", str(path), *args],
                             capture_output=True, text=True, timeout=90, check=True)
    result = json.loads(wrapper.stdout)
    assert "Traceback" not in result["err"] + result["out"], result["err"]
    assert "page 0" not in result["out"] + result["err"]
    assert result["status"] in (1, 2), result
    return result


def zero_bomb(mib: int) -> bytes:
    """A valid zlib stream of ``mib`` MiB of zeros in about mib KB, built without compressing
    them: after a full flush, deflate encodes each further MiB of zeros as the same bytes."""
    chunk = bytes(MiB)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    adler = (((mib * MiB) % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b counts the bytes
    return first + block * (mib - 1) + b"\x03\x00" + adler.to_bytes(4, "big")  # empty final block, checksum


def test_the_bomb_builder_makes_real_zlib_data() -> None:
    assert zlib.decompress(zero_bomb(3)) == bytes(3 * MiB)
    assert len(zero_bomb(2000)) < 2.1e6  # 2 MB that inflate to 2000 MiB


def flate_stream(pdf: pikepdf.Pdf, compressed: bytes, **keys: object) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"", **keys)
    stream.write(compressed, filter=Name.FlateDecode)  # stored as given: already compressed
    return stream


def add_form(pdf: pikepdf.Pdf, page: pikepdf.Page, name: str, form: pikepdf.Stream) -> None:
    if "/XObject" not in page.Resources:
        page.Resources.XObject = Dictionary()
    page.Resources.XObject[f"/{name}"] = pdf.make_indirect(form)
    page.contents_add(pdf.make_stream(f"q /{name} Do Q".encode()), prepend=False)


@pytest.mark.parametrize("where", ["page content", "form XObject"])
def test_decompression_bomb_answers_in_bounded_memory(make_pdf: Builder, where: str) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        bomb = zero_bomb(2000)
        if where == "page content":
            page.contents_add(pdf.make_indirect(flate_stream(pdf, bomb)), prepend=False)
        else:
            add_form(pdf, page, "Bomb", flate_stream(pdf, bomb, Type=Name.XObject, Subtype=Name.Form,
                                                     BBox=Array([0, 0, 10, 10])))

    path = make_pdf(f"bomb-{where.split()[0]}", edit=edit, keep_filters=True)
    assert path.stat().st_size < 3e6
    result = checked(path)
    assert result["status"] == 1
    assert "limits: content decodes to more than 32 MiB; the file is refused unchecked" in result["out"]
    assert "total ink not measured: the file is refused" in result["out"]
    assert result["rss_mb"] < 300, result  # a 2000 MiB stream; pikepdf's read_bytes alone takes 4 GB
    print(f"bomb in {where}: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_object_stream_bomb_is_capped_inside_qpdf(tmp_path: Path) -> None:
    """qpdf inflates object streams itself; the check caps that inflation too."""
    body = b"<< /Type /Catalog /Pages 2 0 R >>"
    header = b"3 0 "
    # An object stream holding the catalog, followed by 2000 MiB of zeros (harmless padding for a parser).
    c = zlib.compressobj(9)
    head = c.compress(header + body) + c.flush(zlib.Z_FULL_FLUSH)
    rest = zero_bomb(2000)[2:]  # drop the bomb's own zlib header: its blocks continue our stream
    adler_data = zlib.adler32(header + body)
    # Adler-32 over data + zeros: a unchanged by zeros, b grows by a per zero byte.
    a, b = adler_data & 0xFFFF, adler_data >> 16
    n = 2000 * MiB
    b = (b + a * n) % 65521
    objstm = head + rest[:-4] + ((b << 16) | a).to_bytes(4, "big")
    assert zlib.decompressobj().decompress(objstm, 64)[: len(header)] == header
    pdf = (b"%PDF-1.5\n"
           b"1 0 obj << /Type /ObjStm /N 1 /First " + str(len(header)).encode() + b" /Filter /FlateDecode /Length "
           + str(len(objstm)).encode() + b" >>\nstream\n" + objstm + b"\nendstream\nendobj\n"
           b"2 0 obj << /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    # A cross-reference stream is needed for an object stream; write it uncompressed.
    offsets = [pdf.index(b"1 0 obj"), pdf.index(b"2 0 obj")]
    xref_at = len(pdf)
    rows = b"\x00" + bytes(4) + b"\xff" + b"".join(b"\x01" + o.to_bytes(4, "big") + b"\x00" for o in offsets)
    rows += b"\x02" + (1).to_bytes(4, "big") + b"\x00" + b"\x01" + xref_at.to_bytes(4, "big") + b"\x00"
    pdf += (b"4 0 obj << /Type /XRef /Size 5 /W [1 4 1] /Root 3 0 R /Length " + str(len(rows)).encode()
            + b" >>\nstream\n" + rows + b"\nendstream\nendobj\nstartxref\n" + str(xref_at).encode() + b"\n%%EOF\n")
    path = tmp_path / "objstm-bomb.pdf"
    path.write_bytes(pdf)
    result = checked(path)
    # Without the cap qpdf inflates all 2000 MiB to find the catalog (2.1 GB, 18 s here).
    assert result["rss_mb"] < 300, result
    assert result["status"] == 2 and result["err"] == f"{path}: damaged PDF, cannot be parsed: unable to find /Root dictionary\n"
    print(f"object-stream bomb: exit {result['status']}, {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_400_nested_forms_are_a_finding(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        inner = None
        for _ in range(400):
            form = pdf.make_stream(b"q /Inner Do Q" if inner is not None else b"0 0 0 1 k 0 0 5 5 re f",
                                   Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 10, 10]))
            if inner is not None:
                form.Resources = Dictionary(XObject=Dictionary(Inner=inner))
            inner = form
        add_form(pdf, pdf.pages[0], "Outer", inner)

    path = make_pdf("nested", edit=edit)
    result = checked(path, "--fast")
    assert result["status"] == 1
    (line,) = [ln for ln in result["out"].splitlines() if ": limits: " in ln]
    assert line.startswith(f"{path}: page 1, … ") and "nested more than 32 deep" in line
    assert len(line) < 400  # the 33-level label is cut to its innermost part
    print(f"400 nested forms: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_a_million_operators_are_a_finding(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].contents_add(pdf.make_stream(b"q Q\n" * 1_000_000), prepend=False)

    path = make_pdf("operators", edit=edit)
    result = checked(path)
    assert result["status"] == 1
    assert f"limits: content has more than {guard.MAX_OPERATORS:,} colour, text, XObject and state operators" in result["out"]
    assert result["rss_mb"] < 300, result
    print(f"1M q/Q pairs: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_page_tree_loop_is_a_finding(make_pdf: Builder) -> None:
    path = make_pdf("loop", edit=lambda pdf: pdf.Root.Pages.Kids.append(pdf.Root.Pages))
    result = checked(path)
    assert result["status"] == 1
    assert f"{path}: document, page tree node obj " in result["out"]
    assert "structure: the page tree loops back on itself" in result["out"]
    report = json.loads(checked(path, "--json")["out"])
    assert report["status"] == 1 and report["summary"]["errors"] >= 1
    assert any(f["rule"] == "structure" and f["where"] == "document" and f["page"] is None for f in report["findings"])
    print(f"page-tree loop: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_a_page_listed_a_million_times_is_refused_before_qpdf_copies_it(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0].obj
        pdf.Root.Pages.Kids = Array([page] * 1_000_000)
        pdf.Root.Pages.Count = 1_000_000

    path = make_pdf("kids", edit=edit)
    result = checked(path)
    assert result["status"] == 1
    assert "/Kids lists 1,000,000 entries, more than the 10,000 pages the preflight reads" in result["out"]
    assert result["rss_mb"] < 300, result
    print(f"1M repeated /Kids: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")


def test_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "page.pdf"
    os.mkfifo(fifo)
    result = checked(fifo)  # nobody writes to it: a blocking open would hang until the timeout
    assert result["status"] == 2 and result["out"] == ""
    assert result["err"] == f"{fifo}: is a FIFO (named pipe), not a PDF file — give the path of a .pdf file\n"
    assert result["seconds"] < 30
    print(f"FIFO: {result['seconds']:.2f} s")


@pytest.mark.parametrize(("target", "kind"), [("/dev/zero", "a device"), ("DIR", "a directory")])
def test_devices_directories_and_links_to_them_are_refused(tmp_path: Path, target: str, kind: str) -> None:
    real = str(tmp_path) if target == "DIR" else target
    link = tmp_path / "page.pdf"
    link.symlink_to(real)
    for path in (real, link):
        result = checked(path)
        assert result["status"] == 2 and f"is {kind}, not a PDF file" in result["err"]


def test_a_file_over_one_gib_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with open(huge, "wb") as fh:  # sparse: costs no disk
        fh.write(b"%PDF-1.3\n")
        fh.truncate(guard.MAX_FILE_BYTES + 1)
    result = checked(huge, "--json")
    assert result["status"] == 2 and "the preflight reads at most 1 GiB" in result["err"]
    report = json.loads(result["out"])
    assert report["status"] == 2 and report["conforms"] is False and "1 GiB" in report["problems"][0]


def test_junk_is_refused_or_reported_without_a_traceback(tmp_path: Path) -> None:
    noise = bytes((i * 7919 + 13) % 251 for i in range(MiB))
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(noise)
    assert checked(junk)["err"] == f"{junk}: not a PDF (no %PDF- header in the first 1024 bytes)\n"
    dressed = tmp_path / "dressed.pdf"
    dressed.write_bytes(b"%PDF-1.3\n" + noise)
    result = checked(dressed, "--json")
    assert result["status"] in (1, 2)


def test_a_draft_proof_is_not_a_print_file(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info.ZZPrintDraft = "true"

    path = make_pdf("draft", edit=edit)
    (found,) = check_pdf(path, measure_tac=False)
    assert found.rule == "draft" and found.page == 0 and found.obj == "Info /ZZPrintDraft"
    assert found.message.startswith("a draft proof (zzprint build --draft), not a print file")
    result = checked(path)
    assert result["status"] == 1
    assert f"{path}: document, Info /ZZPrintDraft: draft: a draft proof (zzprint build --draft), not a print file" in result["out"]


def test_brackets_nested_100000_deep_in_content_are_a_content_finding(make_pdf: Builder) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].contents_add(pdf.make_stream(b"[" * 100_000 + b"]" * 100_000 + b" TJ\n"), prepend=False)

    result = checked(make_pdf("brackets", edit=edit), "--fast")
    assert result["status"] == 1 and result["err"] == ""  # no parser warning leaks to stderr
    assert "page 1, page content: content: content stream cannot be parsed (" in result["out"]
