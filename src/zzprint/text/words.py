"""Clusters → how good a headline break is between each pair: a dictionary-free guess.

Input: the cluster texts and their classes. Output: one quality per gap (0 best … 3
likely inside a word) for the headline breaker. Pure; no segmenter is installed, so
word boundaries are guessed from small tables, in this order:

1. **Phrases**: after a space, a stop or a closing mark, before an opening mark or a
   long dash (0). A lone character between a closing quote and the next phrase belongs
   to the quote (“礼”轻): no break between the quote and it.
2. **Known words** that contain a particle (针对, 作为, 现在, 着力 …): never split, and
   their particle is not a particle there.
3. **Particles** [CL-HSTYLE]: break *after* 的 之 了 着 等 (they close a phrase: 科技创新的/
   启示) and *before* 对 为 与 和 及 在 是 让 把 被 从 向 将 以 于 或 而 但 并 (they open
   one: /对株洲); the opposite side is poor (a preposition does not end a title line).
4. **Suffixes** (们 性 化 者 员 部 …) end a three-character word: 党支部, 妈妈们.
5. **Two-character words**: most Chinese words are two characters, so inside a run of
   Han between the boundaries above, a break an even number of characters from the
   run's start is good when the run's length is even (小区/治理/经验), uncertain when it
   is odd, and likely inside a word at an odd offset.
"""

from __future__ import annotations

from .classes import CLOSE, CONNECT, HAN, LONG, OPEN, SPACE, STOP, CharClass

PHRASE, GOOD, UNSURE, BAD = 0, 1, 2, 3

PARTICLES_AFTER = frozenset("的之了着等")
PARTICLES_BEFORE = frozenset("对为与和及在是让把被从向将以于或而但并")
SUFFIXES = frozenset("们性化者员部型率度")
# Common words that contain a particle or suffix character, so that it is not one there.
KNOWN_WORDS = frozenset(
    """针对 面对 对于 相对 绝对 对象 对接 对标 应对 作为 成为 因为 认为 行为 为了 以为 称为 为民
    现在 存在 正在 在于 实在 所在 于是 但是 还是 就是 而是 也是 总是 可是 只是 凡是 是否 和平 和谐
    以及 可以 所以 以来 以上 以下 以后 以前 难以 予以 加以 用以 足以 从而 从事 自从 服从 方向 面向
    向前 导向 走向 趋向 倾向 参与 给与 与其 关于 由于 位于 属于 处于 等于 善于 终于 至于 把握 把关
    被告 被动 将来 即将 或者 或许 而且 然而 因而 进而 继而 并且 并非 合并 之一 之间 之后 之前 之中
    之外 总之 的确 目的 有的 了解 为止 着力 着手 着眼 着重 显著 等等 平等 等待 同等 高等 中等 部分
    部门 部署 部长 全部 内部 外部 干部 局部 度过 程度 年度 制度 态度 力度 温度 速度 角度 文化 变化
    化解 员工 人员 成员 党员 会员 者们 他们 我们 你们 它们 她们 性格 性质 个性 女性 男性 率先 效率
    型号 类型 模型 转型 典型 和美 以上 在地 所以""".split()
)
_PHRASE_END = frozenset({SPACE, STOP, CLOSE})
_PHRASE_START = frozenset({OPEN, LONG, CONNECT})


def headline_qualities(texts: list[str], classes: list[CharClass]) -> tuple[int, ...]:
    """Quality of a break after cluster i, for i in 0 .. n-2 (see module docstring)."""
    n = len(texts)
    q = [GOOD] * (n - 1)
    han = [c is HAN and len(t) == 1 for t, c in zip(texts, classes, strict=True)]
    # Boundaries fixed by the tables: position i is the gap after cluster i.
    fixed: dict[int, int] = {}
    edge = [False] * (n + 1)  # a word edge before cluster i (i = n: the end)
    edge[0] = edge[n] = True
    word = [False] * n  # cluster i is inside a known word
    for i in range(n - 1):
        if han[i] and han[i + 1] and texts[i] + texts[i + 1] in KNOWN_WORDS:
            word[i] = word[i + 1] = True
            fixed[i] = BAD
            edge[i] = edge[i + 2] = True
    for i in range(n):
        if not han[i]:
            edge[i] = edge[i + 1] = True
            continue
        if word[i]:
            continue
        t = texts[i]
        if t in PARTICLES_AFTER:
            edge[i] = edge[i + 1] = True
            _fix(fixed, i, GOOD)
            _fix(fixed, i - 1, UNSURE)
        elif t in PARTICLES_BEFORE:
            edge[i] = edge[i + 1] = True
            _fix(fixed, i - 1, GOOD)
            _fix(fixed, i, UNSURE)
        elif t in SUFFIXES and i >= 2 and han[i - 1] and han[i - 2]:
            edge[i - 2] = edge[i + 1] = True
            _fix(fixed, i - 1, BAD)
            _fix(fixed, i - 2, BAD)
    # Two-character words inside the runs left between edges.
    start = 0
    for i in range(1, n + 1):
        if edge[i] or i == n:
            length = i - start
            for k in range(start, i - 1):  # gaps inside the run [start, i)
                offset = k + 1 - start
                if length % 2:
                    q[k] = UNSURE
                else:
                    q[k] = GOOD if offset % 2 == 0 else BAD
            start = i
    for k, value in fixed.items():
        if 0 <= k < n - 1:
            q[k] = value
    # Phrases, and a lone character held by the quote before it.
    for k in range(n - 1):
        a, b = classes[k], classes[k + 1]
        if a in _PHRASE_END or b in _PHRASE_START:
            q[k] = PHRASE
            if a is CLOSE and han[k + 1] and _lone(k + 1, han, texts):
                q[k] = BAD
        elif not (han[k] and han[k + 1]) and q[k] > GOOD:
            q[k] = GOOD  # Han next to Latin or digits: a boundary
    return tuple(q)


def _fix(fixed: dict[int, int], k: int, value: int) -> None:
    if fixed.get(k, -1) != BAD:  # a known word is never split
        fixed[k] = value


def _lone(i: int, han: list[bool], texts: list[str]) -> bool:
    """Cluster i is a single Han character that is not a particle, alone before a phrase
    boundary (the end, a space, a mark)."""
    return (i + 1 >= len(han) or not han[i + 1]) and texts[i] not in PARTICLES_BEFORE
