"""Read content files: YAML front matter + a small Markdown body -> :class:`Article`.

Input: a UTF-8 text file such as ``content/03-jingji-guancha.md``::

    ---
    section: 经济观察
    title: 创新永远是企业破局之道
    author: 王娜
    summary: 掌握先机，首在创新。
    ---
    在复杂严峻的外部环境下，企业如何突出重围，逆势增长？

    ## 一、合肥经验

    ### （一）核心驱动：确立科技创新的战略地位

    > （本文系2024年度……编号：ZZSK2024026）

Output: a frozen :class:`~zzprint.content.model.Article` whose blocks carry their
1-based source line, or one :class:`~zzprint.errors.UserError` listing every problem
found (``FILE:LINE:COL: what is wrong — hint``), never a traceback.

Body rules (Markdown via markdown-it-py, CommonMark preset; only these constructs):

==============================  ===========
Markdown                        Block kind
==============================  ===========
paragraph (blank-line separated) ``para``
``## text``                      ``subhead1``
``### text``                     ``subhead2``
``> text``                       ``note``
==============================  ===========

Inside a block, a single newline is joined with no space (Chinese text has no word
spaces). Backslash escapes (``\\*``) and entities (``&amp;``) are honoured. Everything
else (lists, tables, images, HTML, code, links, emphasis, other heading levels, rules)
is rejected with its line, so nothing is silently dropped or restyled.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from zzprint.content.model import FRONT_MATTER_FIELDS, Article, Block, BlockKind
from zzprint.errors import Problem, UserError
from zzprint.i18n import _
from zzprint.inputs import read_input

FENCE = "---"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YAML_STR = "tag:yaml.org,2002:str"
_YAML_NULL = "tag:yaml.org,2002:null"

# CommonMark plus tables: the table rule is enabled only so that a table is *recognised*
# and rejected with its line instead of turning into a paragraph full of pipes.
_MD = MarkdownIt("commonmark").enable("table").disable("text_join")  # keep escapes (\\*) apart from text

#: Heading tag -> block kind. h1 is the title (front matter), h4+ has no style on the page.
HEADING_KINDS: dict[str, BlockKind] = {"h2": "subhead1", "h3": "subhead2"}

#: Block-level tokens we refuse: token type -> (what, hint).
UNSUPPORTED_BLOCKS: dict[str, tuple[str, str]] = {
    "bullet_list_open": ("lists are not supported", "write each item as a paragraph; a line starting with '- ', '* ' or '+ ' makes a list (escape it as '\\-')"),
    "ordered_list_open": ("numbered lists are not supported", "write the items as paragraphs starting with （1） or 一、; '1. ' at a line start makes a list (escape it as '1\\.')"),
    "table_open": ("tables are not supported", "write the table as text paragraphs"),
    "html_block": ("HTML is not supported", "remove the HTML tags (escape a literal '<' as '\\<')"),
    "code_block": ("indented code block", "remove the indentation of 4 or more spaces at the start of the line"),
    "fence": ("code blocks are not supported", "remove the ``` or ~~~ fence"),
    "hr": ("horizontal rules are not supported", "remove the line of ---, *** or ___"),
}

#: Inline tokens we refuse: token type -> (what, hint, text to look for to find the column).
UNSUPPORTED_INLINE: dict[str, tuple[str, str, str]] = {
    "image": ("images are not supported", "remove the ![…](…); escape a literal '[' as '\\['", "!["),
    "html_inline": ("inline HTML is not supported", "remove the tag; escape a literal '<' as '\\<'", "<"),
    "link_open": ("links are not supported", "write the address as plain text; escape a literal '[' or '<' with '\\'", ""),
    "code_inline": ("inline code is not supported", "remove the backticks or escape them as '\\`'", "`"),
    "em_open": ("emphasis is not supported", "remove the * or _ around the text, or escape it as '\\*'", ""),
}

_INLINE_TEXT = {"text", "text_special"}
_INLINE_BREAKS = {"softbreak", "hardbreak"}


# --------------------------------------------------------------------------- public API


def load_article(path: str | Path) -> Article:
    """Read and parse one content file; raise UserError listing every problem found.

    The file must really lie in the project it was named in (a link out of it is
    refused), be a plain file and at most 2 MiB (:mod:`zzprint.inputs`).
    """
    path = Path(path)
    text = read_utf8(path)
    return parse_article(text, path)


def load_articles(folder: str | Path) -> dict[str, Article]:
    """Load every ``*.md`` file of ``folder`` (sorted by name) into ``{id: Article}``.

    Problems of all files are collected into one UserError; ids must be unique.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError.at(_("content folder not found"), str(folder), hint=_("pass the folder holding the article .md files"))
    problems: list[Problem] = []
    articles: dict[str, Article] = {}
    files = sorted(folder.glob("*.md"))
    if not files:
        raise UserError.at(_("no article files (*.md) in the content folder"), str(folder), hint=_("run 'zzprint import RAW.txt --out FOLDER' or add .md files"))
    for file in files:
        try:
            article = load_article(file)
        except UserError as error:
            problems.extend(error.problems)
            continue
        if article.id in articles:
            first = articles[article.id].path
            problems.append(
                Problem(_("article id '{id}' is already used by {first}").format(id=article.id, first=first), str(file), article.line_of("id"), 1,
                        _("give one of them another 'id:' or rename the file"))
            )
            continue
        articles[article.id] = article
    if problems:
        raise UserError(*problems)
    return articles


def parse_article(text: str, path: str | Path) -> Article:
    """Parse the decoded text of a content file; ``path`` names it in messages and gives the id."""
    path = Path(path)
    file = str(path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    problems = control_char_problems(text, file)

    close = _front_matter_end(lines, file)  # index of the closing '---' line
    # Control characters are already reported above; keep YAML from reporting them again.
    yaml_lines = [_CONTROL_RE.sub("", line) for line in lines[1:close]]
    fields, field_lines, fm_problems = _front_matter(yaml_lines, file)
    problems += fm_problems
    malformed = any(p.message.startswith("malformed front matter") for p in fm_problems)
    if "title" not in field_lines and not malformed:
        problems.append(Problem(_("front matter has no title"), file, 1, 1, _("add a line 'title: …' between the two --- lines")))

    body_first_line = close + 2  # 1-based file line of the first body line
    blocks, body_problems = _body_blocks("\n".join(lines[close + 1 :]), body_first_line, file, lines)
    problems += body_problems
    if not blocks and not body_problems:
        problems.append(Problem(_("the article has no body text"), file, min(body_first_line, len(lines)), 1,
                                _("write the paragraphs after the closing --- line")))
    if problems:
        raise UserError(*problems)

    return Article(
        id=fields.get("id") or path.stem,
        path=path,
        section=fields.get("section", ""),
        kicker=fields.get("kicker", ""),
        title=fields["title"],
        subtitle=fields.get("subtitle", ""),
        author=fields.get("author", ""),
        summary=fields.get("summary", ""),
        blocks=tuple(blocks),
        front_matter_lines=field_lines,
    )


def read_utf8(path: Path, kind: str = "article") -> str:
    """Read a file as UTF-8; a missing file, a link out of the project, a pipe or device,
    a file over the limit for ``kind`` (:data:`zzprint.inputs.LIMITS`) or a bad byte is a UserError."""
    if not os.path.lexists(path):
        raise UserError.at(_("file not found"), str(path), hint=_("check the path"))
    return decode_utf8(read_input(path, kind=kind), str(path))


def decode_utf8(data: bytes, file: str) -> str:
    """Decode UTF-8; on a bad byte report its line and (byte) column, not a traceback."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise UserError.at(
            _("file is not UTF-8: byte 0x{data:02X} at byte offset {offset} (column counted in bytes)").format(data=data[offset], offset=offset),
            file, line, col,
            _("save the file as UTF-8 (from GBK/GB18030: iconv -f GB18030 -t UTF-8 FILE)"),
        ) from None


def control_char_problems(text: str, file: str) -> list[Problem]:
    """One problem per control character other than newline and tab (they are invisible
    in an editor and would print as garbage or nothing)."""
    problems = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char != "\t" and unicodedata.category(char) == "Cc":
                problems.append(Problem(_("control character U+{code:04X} in the text").format(code=ord(char)), file, line_no, col,
                                        _("delete it (it is invisible in most editors)")))
    return problems


# --------------------------------------------------------------------------- positions

# What starts a source line but is not text: indentation, '>' of a note, '#'s of a subhead.
_BLOCK_PREFIX_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]+)?")
_FIELD_PREFIX_RE = re.compile(r"^[ \t]*[A-Za-z_]+[ \t]*:[ \t]*")
_SEARCH_AHEAD = 64  # source characters to look ahead for one text character (entities, escapes)


def text_position(file: str | Path, line: int, text: str, index: int) -> tuple[int, int]:
    """File (line, column) of ``text[index]``, where ``text`` was read from ``file`` starting at ``line``.

    ``text`` is a block's or a front-matter field's text as the page sets it: source line
    breaks removed, escapes and entities resolved.  Its characters are matched in order
    against the source (markup skipped), so a character on the third line of a paragraph
    is reported there, not at the paragraph's first line.  Columns count characters (code
    points), not bytes or UTF-16 units: 𠊎 is one column.  When the file cannot be read or
    the character cannot be found, the block's line and the character's index + 1 are returned.
    """
    fallback = (line, index + 1)
    if line < 1 or not 0 <= index < len(text):
        return fallback
    try:
        source = read_input(file, kind="article").decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    except (UserError, UnicodeDecodeError):
        return fallback
    stream: list[tuple[str, int, int]] = []  # (character, line, column) of the block's source text
    for number in range(line, len(source) + 1):
        raw = source[number - 1]
        if number > line and (not raw.strip() or raw.rstrip() in (FENCE, "...")):
            break  # a blank line or the front-matter fence ends the block
        in_front_matter = number == line and _FIELD_PREFIX_RE.match(raw) and _before_fence(source, number)
        prefix = (_FIELD_PREFIX_RE if in_front_matter else _BLOCK_PREFIX_RE).match(raw)
        start = prefix.end() if prefix else 0
        stream += [(char, number, col) for col, char in enumerate(raw[start:], start=start + 1)]
        if in_front_matter:
            break  # a field is one line
    cursor = 0
    found = fallback
    for k in range(index + 1):
        for ahead in range(cursor, min(cursor + _SEARCH_AHEAD, len(stream))):
            if stream[ahead][0] == text[k]:
                cursor = ahead + 1
                if k == index:
                    found = stream[ahead][1:]
                break
        else:
            if k == index:
                return (stream[cursor][1], stream[cursor][2]) if cursor < len(stream) else fallback
    return found


def _before_fence(source: list[str], number: int) -> bool:
    """Whether 1-based line ``number`` lies inside the front matter (between the first two fences)."""
    if not source or source[0].rstrip() != FENCE:
        return False
    for index in range(1, len(source)):
        if source[index].rstrip() in (FENCE, "..."):
            return number <= index
    return False


# --------------------------------------------------------------------------- front matter


def _front_matter_end(lines: list[str], file: str) -> int:
    """Index of the closing fence; the file must start with one."""
    if not lines or lines[0].rstrip() != FENCE:
        raise UserError.at(_("missing front matter"), file, 1, 1,
                           _("start the file with a line '---', then 'title: …' (and section, author, summary), then '---'"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return index
    raise UserError.at(_("front matter is not closed"), file, 1, 1, _("add a line '---' after the last 'field: value' line"))


def _front_matter(yaml_lines: list[str], file: str) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Parse the YAML lines (file line 2 onwards) into text fields with their lines."""
    deep = _nested_too_deep(yaml_lines)
    if deep:
        return {}, {}, [Problem(_("malformed front matter: nested more than {depth} levels deep").format(depth=MAX_FRONT_MATTER_DEPTH),
                                file, deep[0] + 1, deep[1], _("front matter is 'field: value' lines; look for unclosed [ or {"))]
    try:
        # compose() with SafeLoader builds only plain nodes (never objects), like
        # safe_load, and keeps each key's position for messages and front_matter_lines.
        root = yaml.compose("\n".join(yaml_lines), Loader=yaml.SafeLoader)
    except RecursionError:  # nesting by indentation, deeper than Python's stack
        return {}, {}, [Problem(_("malformed front matter: nested too deep"), file, 2, 1,
                                _("front matter is 'field: value' lines, each value plain text"))]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
        what = getattr(error, "problem", None) or str(error).splitlines()[0]
        return {}, {}, [Problem(_("malformed front matter: {what}").format(what=what), file, line, col,
                                _("write one 'field: value' per line; quote a value containing ': ' or starting with a "
                                   "special character"))]
    if root is None:
        return {}, {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, {}, [Problem(_("front matter must be 'field: value' lines"), file, root.start_mark.line + 2, 1,
                                _("write e.g. 'title: …' on its own line"))]

    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        line, col = key_node.start_mark.line + 2, key_node.start_mark.column + 1
        key = str(key_node.value)
        problem = _field_problem(key, value_node, lines, file, line, col)
        if key in FRONT_MATTER_FIELDS:
            lines.setdefault(key, line)  # a known field is "there" even when its value is bad
        if problem:
            problems.append(problem)
            continue
        value = "" if value_node.tag == _YAML_NULL else str(value_node.value).strip()
        if key == "id" and value and not _ID_RE.match(value):
            problems.append(Problem(_("id '{id}' is not a plain ASCII name").format(id=value), file, line, col,
                                    _("use letters, digits, '-', '_' and '.', e.g. 'id: 03-jingji'")))
            continue
        fields[key] = value
    if "title" in fields and not fields["title"]:
        problems.append(Problem(_("title is empty"), file, lines["title"], 1, _("write the headline after 'title:'")))
        del fields["title"]
    return fields, lines, problems


# Front-matter values are plain text; PyYAML's composer recurses once per level, so a
# hostile "[[[[…" would overflow Python's stack before the value could be refused.
MAX_FRONT_MATTER_DEPTH = 20


def _nested_too_deep(lines: list[str]) -> tuple[int, int] | None:
    """(1-based line of ``lines``, column) where brackets or indentation first nest too deep, else None."""
    depth = 0
    for number, line in enumerate(lines, 1):
        if not any(c in line for c in "[{]}") and len(line) - len(line.lstrip(" ")) <= 2 * MAX_FRONT_MATTER_DEPTH:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > 2 * MAX_FRONT_MATTER_DEPTH:
            return number, indent + 1
        for col, char in enumerate(line, 1):
            if char in "[{":
                depth += 1
                if depth > MAX_FRONT_MATTER_DEPTH:
                    return number, col
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def _field_problem(key: str, value: yaml.Node, seen: dict[str, int], file: str, line: int, col: int) -> Problem | None:
    """What is wrong with one ``key: value`` pair, or None."""
    if key not in FRONT_MATTER_FIELDS:
        close = difflib.get_close_matches(key, FRONT_MATTER_FIELDS, n=1, cutoff=0.6)
        hint = (_("did you mean '{name}'?").format(name=close[0]) if close else
                _("allowed fields: {names}").format(names=", ".join(FRONT_MATTER_FIELDS)))
        return Problem(_("unknown front-matter field '{key}'").format(key=key), file, line, col, hint)
    if key in seen:
        return Problem(_("field '{key}' is given twice (first on line {seen})").format(key=key, seen=seen[key]), file, line, col, _("keep one of them"))
    if not isinstance(value, yaml.ScalarNode) or value.tag not in (_YAML_STR, _YAML_NULL):
        return Problem(_("field '{key}' must be text").format(key=key), file, line, col,
                       _("put the value in quotes, e.g. title: \"2024\" (YAML reads bare numbers, true/false and "
                          "lists otherwise)"))
    return None


# --------------------------------------------------------------------------- body


def _body_blocks(body: str, first_line: int, file: str, file_lines: list[str]) -> tuple[list[Block], list[Problem]]:
    """Markdown body -> blocks, with one problem per unsupported construct."""
    blocks: list[Block] = []
    problems: list[Problem] = []
    tokens = _MD.parse(body)
    quote_depth = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = first_line + token.map[0] if token.map else first_line
        if token.type in UNSUPPORTED_BLOCKS:
            what, hint = UNSUPPORTED_BLOCKS[token.type]
            problems.append(Problem(what, file, line, 1, hint))
            index = _skip_container(tokens, index)
            continue
        if token.type == "blockquote_open":
            quote_depth += 1
            if quote_depth > 1:
                problems.append(Problem(_("nested quote ('> >') is not supported"), file, line, 1, _("use a single '>' for a note")))
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("paragraph_open", "heading_open"):
            kind, problem = _block_kind(token, quote_depth, file, line)
            inline = tokens[index + 1]
            text, strong, inline_problems = _inline_text(inline, file, file_lines, line)
            problems += inline_problems
            if problem:
                problems.append(problem)
            elif not text.strip():
                problems.append(Problem(_("empty subhead"), file, line, 1, _("write the subhead text after the #'s or delete the line")))
            elif kind:
                text, strong = _strip(text, strong)
                blocks.append(Block(kind, text, line, strong))
            index += 3  # open, inline, close
            continue
        index += 1
    return blocks, problems


def _block_kind(token: Token, quote_depth: int, file: str, line: int) -> tuple[BlockKind | None, Problem | None]:
    if token.type == "paragraph_open":
        return ("note" if quote_depth else "para"), None
    if token.markup in ("=", "-"):
        return None, Problem(_("underlined (setext) heading is not supported"), file, line, 1,
                             _("a line of === or --- directly under text makes a heading; write '## text' or put a blank "
                                "line before it"))
    if quote_depth:
        return None, Problem(_("heading inside a note"), file, line, 1, _("remove the '>' or the #'s"))
    kind = HEADING_KINDS.get(token.tag)
    if kind is None:
        return None, Problem(_("heading level {tag} ('{markup}') is not supported").format(tag=token.tag[1:], markup=token.markup), file, line, 1,
                             _("use '## ' for a subhead and '### ' for a sub-subhead; the title goes in the front matter"))
    return kind, None


def _inline_text(inline: Token, file: str, file_lines: list[str], line: int
                 ) -> tuple[str, tuple[tuple[int, int], ...], list[Problem]]:
    """Plain text of an inline token and its **strong** ranges; line breaks inside a block join with no space.

    CommonMark will not close ``**`` between a Chinese stop and a Han character
    (``**理念引领。**树立``), so a ``**`` left in plain text also opens or closes a
    strong range; an escaped ``\\*\\*`` stays literal.
    """
    parts: list[str] = []
    length = 0  # of the text in parts (kept, not summed again at every ** : a run of them was quadratic)
    strong: list[tuple[int, int]] = []
    opened = -1
    problems: list[Problem] = []

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def toggle() -> None:
        nonlocal opened
        end = length
        if opened < 0:
            opened = end
        else:
            if end > opened:
                strong.append((opened, end))
            opened = -1

    for child in inline.children or []:
        if child.type == "text":
            pieces = child.content.split("**")
            for n, piece in enumerate(pieces):
                if n:
                    toggle()
                add(piece)
        elif child.type in _INLINE_TEXT:
            add(child.content)
        elif child.type in _INLINE_BREAKS:
            continue  # Chinese: a source line break is not a space
        elif child.type in ("strong_open", "strong_close"):
            toggle()
        elif child.type in UNSUPPORTED_INLINE:
            what, hint, needle = UNSUPPORTED_INLINE[child.type]
            at_line, col = _locate(needle or child.markup or "[", file_lines, line, inline)
            problems.append(Problem(what, file, at_line, col, hint))
    if opened >= 0:
        at_line, col = _locate("**", file_lines, line, inline)
        problems.append(Problem(_("'**' opens bold text that is never closed"), file, at_line, col,
                                _("close it with another '**', or write '\\*\\*' for two asterisks")))
    return "".join(parts), tuple(strong), problems


def _strip(text: str, ranges: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text.strip()`` with its ranges moved along and clipped."""
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    moved = ((max(0, a - lead), min(len(stripped), b - lead)) for a, b in ranges)
    return stripped, tuple((a, b) for a, b in moved if b > a)


def _locate(needle: str, file_lines: list[str], line: int, inline: Token) -> tuple[int, int]:
    """Best-effort line:col of ``needle`` within the block's source lines."""
    last = line + (inline.map[1] - inline.map[0] - 1 if inline.map else 0)
    for number in range(line, min(last, len(file_lines)) + 1):
        col = file_lines[number - 1].find(needle)
        if col >= 0:
            return number, col + 1
    return line, 1


def _skip_container(tokens: list[Token], index: int) -> int:
    """Index just past a refused block and everything nested in it."""
    token = tokens[index]
    if token.nesting != 1:
        return index + 1
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position + 1
    return len(tokens)

