"""The Markdown engine, chosen by measurement (issue 20): markdown-it-py (today's reading)
against markdown-it-pyrs (markdown-it.rs), cmarkgfm (cmark-gfm) and pyromark (pulldown-cmark).

For each corpus (the generated course, the example course, the Markdown fixture lessons in
tests/) it prints, in one run:

* **time**: CPU time per lesson body of each engine's Markdown -> HTML (process time, best of
  ``--repeat`` passes over the corpus, one process), with ratios against markdown-it-py and
  against the fastest engine measured in the same run (the floor); beside them lmspack's own
  reading before issue 20 (every plug-in), with the plug-ins chosen per body (round two),
  as shipped (``lmspack.source.markdown.parse``: plug-ins and markdown-it's own rules
  chosen per body, round three; what validate pays) and its whole
  body rendering (``render_markdown``: highlighting, MathML, sanitising);
* **features**: which parts of lmspack's dialect (issue 19) each engine supports natively,
  each probed with a small input and a check on its HTML or its API (not a table typed in);
* **equivalence**: each engine's HTML after lmspack's sanitiser (:func:`lmspack.render.
  sanitize.clean`), parsed with lxml and written as a canonical tree (attributes sorted,
  whitespace collapsed), compared with markdown-it-py's the same way: how many bodies are
  identical, and the first difference of each one that is not (``--diff-dir`` writes all).

Usage: python bench/bench_markdown.py [--lessons 2000] [--repeat 3] [--diff-dir DIR]
Engines that are not installed are reported as such (``pip install markdown-it-pyrs
cmarkgfm pyromark``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from _common import machine  # noqa: E402
from coursegen import make_course  # noqa: E402

from lmspack.source.files import split_front_matter  # noqa: E402

Engine = Callable[[str], str]


def bodies(folder: Path) -> list[str]:
    """The Markdown bodies of every lesson file under ``folder`` (sorted by path)."""
    out = []
    for path in sorted(folder.rglob("*.md")):
        if path.parent.name != "lessons":
            continue
        try:
            out.append(split_front_matter(path.read_text(encoding="utf-8")).body)
        except Exception:  # no front-matter, not UTF-8: not a lesson body to compare
            continue
    return out


# -- the engines, each configured for lmspack's dialect as far as it goes ------------------

def markdown_it_py() -> Engine:
    from lmspack.source.markdown import new_parser

    md = new_parser(True)  # lmspack's plug-ins, markdown-it-py's own HTML renderer
    return md.render


def markdown_it_pyrs() -> Engine | str:
    try:
        import markdown_it_pyrs
    except ImportError:
        return "not installed"
    md = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(
        ["table", "strikethrough", "tasklist", "footnote", "deflist", "autolink_ext"])
    return md.render


def cmarkgfm() -> Engine | str:
    try:
        import cmarkgfm as cm
        from cmarkgfm.cmark import Options
    except ImportError:
        return "not installed"
    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES

    def render(text: str) -> str:
        return str(cm.github_flavored_markdown_to_html(text, options=options))

    return render


def pyromark() -> Engine | str:
    try:
        import pyromark as pm
    except ImportError:
        return "not installed"
    o = pm.Options
    options = (o.ENABLE_TABLES | o.ENABLE_FOOTNOTES | o.ENABLE_STRIKETHROUGH
               | o.ENABLE_TASKLISTS | o.ENABLE_MATH | o.ENABLE_GFM | o.ENABLE_DEFINITION_LIST)

    def render(text: str) -> str:
        return str(pm.html(text, options=options))

    return render


ENGINES: dict[str, Callable[[], Engine | str]] = {
    "markdown-it-py": markdown_it_py, "markdown-it-pyrs": markdown_it_pyrs,
    "cmarkgfm": cmarkgfm, "pyromark": pyromark}


# -- what each engine offers beyond HTML: source positions and the fence's info string ----

def positions(name: str) -> str:
    """What the engine's API says about where things are in the source."""
    text = "para [link](a.md) and ![img](b.png)\n\n## head\n"
    if name == "markdown-it-py":
        from lmspack.source.markdown import parse

        blocks = [t.map for t in parse(text) if t.map]
        return f"block lines only ({len(blocks)} blocks with map; inline: none)"
    if name == "markdown-it-pyrs":
        import markdown_it_pyrs

        tree = markdown_it_pyrs.MarkdownIt("commonmark").tree(text)
        spans = [n.srcmap for n in tree.walk() if n.srcmap]
        return f"byte spans on {len(spans)} nodes (blocks and inlines)"
    if name == "cmarkgfm":
        import cmarkgfm as cm
        from cmarkgfm.cmark import Options

        html = cm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_SOURCEPOS)
        return f"data-sourcepos on {html.count('data-sourcepos')} HTML elements (HTML only)"
    import pyromark as pm

    events = list(pm.events_with_range(text))
    return f"byte range on every event ({len(events)} events)"


def fence_info(name: str) -> bool:
    """Whether the API hands over a fence's whole info string (language and title)."""
    text = "```python numpy_arrays.py\nx = 1\n```\n"
    if name == "markdown-it-py":
        from lmspack.source.markdown import parse

        return any(t.info == "python numpy_arrays.py" for t in parse(text))
    if name == "markdown-it-pyrs":
        import markdown_it_pyrs

        tree = markdown_it_pyrs.MarkdownIt("commonmark").tree(text)
        return any("numpy_arrays.py" in repr(n.meta) for n in tree.walk())
    if name == "cmarkgfm":
        return False  # the Python binding returns HTML only; the HTML keeps the language
    import pyromark as pm

    return "numpy_arrays.py" in repr(list(pm.events(text)))


FEATURES: list[tuple[str, str, Callable[[str], bool]]] = [
    ("table with alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
     lambda h: "<table" in h and ("text-align" in h or "align=" in h)),
    ("strikethrough", "~~old~~ new\n", lambda h: "<del>" in h or "<s>" in h),
    ("task list", "- [x] done\n- [ ] to do\n", lambda h: "checkbox" in h),
    ("callout > [!NOTE]", "> [!NOTE]\n> Read this.\n", lambda h: "[!NOTE]" not in h),
    ("footnote", "Text[^1].\n\n[^1]: The note.\n",
     lambda h: "[^1]" not in h and "The note." in h),
    ("bare URL autolink", "See https://example.org and www.example.org now.\n",
     lambda h: 'href="https://example.org"' in h and "www.example.org</a>" in h),
    ("definition list", "Term\n: The definition.\n", lambda h: "<dl>" in h),
    ("inline maths $x^2$", "Area $x^2$ here.\n", lambda h: "$x^2$" not in h),
    ("display maths $$", "$$\nx^2\n$$\n", lambda h: "$$" not in h),
    ('"$5 and $10" stays text', "It costs $5 and $10.\n", lambda h: "$5 and $10" in h),
    ("raw HTML <details>", "<details><summary>More</summary>\n\nText\n</details>\n",
     lambda h: "<details>" in h),
    ("placement comment kept", "<!-- lmspack: quiz -->\n", lambda h: "lmspack: quiz" in h),
    ("fenced code language", "```python\nx = 1\n```\n", lambda h: "python" in h),
    ("script link stays text", "[start](javascript:alert(1)) and [f](file:///etc/passwd)\n",
     lambda h: "<a" not in h),
]

DOLLARS = ["$x$", "$ x$", "$x $", "$5 and $10", "$x$5", "a$x$b", "$\\frac{1}{$ b",
           "$$x$$ in a line", "\\$x$", "$x\\$ y$", "`$x$`", "$a\nb$", "$$\nx\n\n$$"]
"""Texts on the edge of the dollar-maths rules (maths on): which of them an engine reads as
maths is compared with markdown-it-py's dollarmath as lmspack configures it."""


def dollar_rules(engine: Engine) -> tuple[bool, ...]:
    return tuple("$" not in engine(text).replace("\\$", "") for text in DOLLARS)


# -- equivalence: sanitised, parsed, canonical ----------------------------------------------

def canonical(html: str) -> str:
    """``html`` after lmspack's sanitiser, parsed by lxml and written back as one line per
    element: tag, sorted attributes, whitespace-collapsed text."""
    import lxml.html

    from lmspack.render.sanitize import clean

    cleaned = clean(html)
    if not cleaned.strip():
        return ""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    out: list[str] = []

    def words(text: str | None) -> str:
        return " ".join((text or "").split())

    def visit(element: object, depth: int) -> None:
        tag = getattr(element, "tag", "")
        if not isinstance(tag, str):  # a comment (the sanitiser strips them anyway)
            return
        attrs = " ".join(f'{k}="{v}"' for k, v in sorted(element.attrib.items()))  # type: ignore[attr-defined]
        out.append(f"{'  ' * depth}<{tag}{' ' + attrs if attrs else ''}>")
        if words(element.text):  # type: ignore[attr-defined]
            out.append(f"{'  ' * (depth + 1)}{words(element.text)}")  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            visit(child, depth + 1)
            if words(child.tail):
                out.append(f"{'  ' * (depth + 1)}{words(child.tail)}")

    visit(root, 0)
    return "\n".join(out)


def first_difference(a: str, b: str) -> str:
    left, right = a.split("\n"), b.split("\n")
    for index, (x, y) in enumerate(zip(left, right, strict=False)):
        if x != y:
            return f"line {index + 1}: markdown-it-py {x.strip()[:70]!r} / {y.strip()[:70]!r}"
    return f"lengths {len(left)} / {len(right)} lines"


# -- time ----------------------------------------------------------------------------------

def cpu_per_body(functions: dict[str, Callable[[str], object]], texts: list[str],
                 repeat: int) -> dict[str, float]:
    """Best CPU seconds per text of each function over ``repeat`` passes over ``texts``;
    the functions take turns within each pass, so a change of load hits them alike."""
    best = dict.fromkeys(functions, float("inf"))
    for function in functions.values():  # warm up: parsers built, modules imported
        for text in dict.fromkeys(texts):
            function(text)
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.process_time()
            for text in texts:
                function(text)
            best[name] = min(best[name], time.process_time() - start)
    return {name: seconds / max(len(texts), 1) for name, seconds in best.items()}


def lmspack_readers() -> dict[str, Callable[[str], object]]:
    from lmspack.render.markdown import render_markdown
    from lmspack.source.markdown import _shared, new_parser, parse, plug_ins_for

    every = new_parser(True)
    return {"lmspack parse, all plug-ins (before)": lambda t: every.parse(t, {}),
            "lmspack parse, plug-ins chosen": lambda t: _shared(True, plug_ins_for(t))
            .parse(t, {}),
            "lmspack parse as shipped (validate)": parse,
            "lmspack render_markdown (whole body)": render_markdown}


def timing(title: str, texts: list[str], engines: dict[str, Engine], repeat: int) -> None:
    size = sum(len(t.encode()) for t in texts)
    print(f"\n{title}: {len(texts)} bodies, {size / 1024:.0f} KiB; CPU ms per body, best of "
          f"{repeat}")
    measured = cpu_per_body({**engines, **lmspack_readers()}, texts, repeat)
    times = {name: measured[name] for name in engines}
    extra = {name: seconds for name, seconds in measured.items() if name not in engines}
    base = times["markdown-it-py"]
    floor = min(times.values())
    print(f"  {'engine (Markdown -> HTML)':<40}{'ms/body':>9}{'vs mdit-py':>12}{'vs floor':>10}")
    for name, seconds in [*times.items(), *extra.items()]:
        print(f"  {name:<40}{seconds * 1000:>9.3f}{seconds / base:>11.3f}x"
              f"{seconds / floor:>9.1f}x")
    fastest = min(times, key=lambda n: times[n])
    print(f"  floor: {fastest}, the fastest engine in this run; at 2,000 bodies markdown-it-py "
          f"is {base * 2000:.1f} s of CPU, {fastest} {floor * 2000:.2f} s")


def equivalence(title: str, texts: list[str], engines: dict[str, Engine],
                diff_dir: Path | None) -> None:
    print(f"\n{title}: sanitised HTML compared with markdown-it-py's (lxml, canonical)")
    unique = list(dict.fromkeys(texts))
    reference = [canonical(engines["markdown-it-py"](t)) for t in unique]
    for name, engine in engines.items():
        if name == "markdown-it-py":
            continue
        same = 0
        firsts: list[str] = []
        for index, text in enumerate(unique):
            mine = canonical(engine(text))
            if mine == reference[index]:
                same += 1
                continue
            firsts.append(first_difference(reference[index], mine))
            if diff_dir is not None:
                import difflib

                out = diff_dir / f"{title.split()[0]}-{name}-{index:03d}.diff"
                out.write_text("\n".join(difflib.unified_diff(
                    reference[index].split("\n"), mine.split("\n"), "markdown-it-py", name,
                    lineterm="")) + "\n", encoding="utf-8")
        print(f"  {name:<18} identical: {same}/{len(unique)} distinct bodies")
        for first in firsts[:4]:
            print(f"    e.g. {first}")
        if len(firsts) > 4:
            print(f"    ... and {len(firsts) - 4} more bodies differ")


def features(engines: dict[str, Engine]) -> None:
    print("\nDialect features, native (probed: raw HTML before the sanitiser, or the API)")
    names = list(engines)
    print(f"  {'feature':<30}" + "".join(f"{n:>18}" for n in names))
    for feature, text, check in FEATURES:
        row = ["yes" if check(engines[n](text)) else "no" for n in names]
        print(f"  {feature:<30}" + "".join(f"{r:>18}" for r in row))
    reference = dollar_rules(engines["markdown-it-py"])
    agree = [sum(a == b for a, b in zip(dollar_rules(engines[n]), reference, strict=True))
             for n in names]
    print(f"  {'dollar rules as today (of ' + str(len(DOLLARS)) + ')':<30}"
          + "".join(f"{r:>18}" for r in agree))
    print(f"  {'fence info (language + title)':<30}"
          + "".join(f"{'yes' if fence_info(n) else 'no':>18}" for n in names))
    print("  source positions:")
    for name in names:
        print(f"    {name:<18} {positions(name)}")


def corpora(lessons: int, work: Path) -> Iterable[tuple[str, list[str]]]:
    course = make_course(work / "course", lessons)
    yield f"generated course ({lessons} lessons)", bodies(course)
    yield "example course", bodies(REPO / "lessons")
    yield "fixture lessons (tests/fixtures)", bodies(REPO / "tests" / "fixtures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--diff-dir", type=Path)
    args = parser.parse_args()
    print(f"bench_markdown: {machine()}")
    engines: dict[str, Engine] = {}
    for name, make in ENGINES.items():
        made = make()
        if isinstance(made, str):
            print(f"  {name}: {made}")
        else:
            engines[name] = made
    if args.diff_dir is not None:
        args.diff_dir.mkdir(parents=True, exist_ok=True)
    features(engines)
    work = Path(tempfile.mkdtemp(prefix="bench-markdown-"))
    try:
        for title, texts in corpora(args.lessons, work):
            timing(title, texts, engines, args.repeat)
            equivalence(title, texts, engines, args.diff_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n(load average now {os.getloadavg()[0]:.1f}; CPU time is read, wall time is not)")


if __name__ == "__main__":
    main()
