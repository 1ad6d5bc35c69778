"""A Common Cartridge 1.1 checker for the tests, written from what the real importers do.

It is deliberately independent of lmspack's exporter (it imports nothing from
``lmspack``): the schemas come from ``../shared/xsd/cc11`` (Moodle's own set), and every
other rule is an importer's behaviour, cited by file (and line where it was counted) in
the public source read for this issue:

* Moodle: ``backup/converter/imscc11/lib.php`` (``imscc11_converter``, stored commit
  1be36988): ``detect_format`` lines 40-64 reads the first 500 bytes of the manifest,
  lower-cases them, strips white space and quotes and looks for the CC 1.1 namespace as
  the default namespace (line 58); ``execute`` lines 93-97 validates the manifest against
  ``backup/cc/schemas11`` (``cc11libxml2validator.xsd``) and aborts on any error.
  ``backup/cc/cc112moodle.php``: course name from ``lomimscc:lom/general/title/string``;
  items under the root item become sections (``ROOT_DEEP`` 2). ``backup/cc/
  entity11.quiz.class.php`` ``get_questions``: questions from
  ``assessment/section/item``, text from ``presentation/material/mattext`` (or under
  ``flow``), the question type from the item's ``cc_profile``; a ``cc.true_false.v0p1``
  item whose labels are not ``true``/``false`` raises a coding_exception; a choice is
  correct when the last ``respcondition`` whose first ``varequal`` names it sets a
  score other than 0; ``displayfeedback`` of ``continue="Yes"`` conditions is the
  general feedback.
* Open edX cc2olx (openedx/cc2olx @99ed3e9, ``src/cc2olx``): ``xml/cc_xml.py`` line 205
  takes items from ``.//section/item``, line 230 the question text from
  ``presentation.mattext`` = ``material/mattext`` (line 339; no ``flow``: with one, the
  text is ``None`` and the quiz fails), line 332 the choices from
  ``response_lid/render_choice/response_label``; ``content_processors/qti.py`` lines
  247-258 mark as correct every option named by a ``varequal`` of every condition up to
  and including the first ``continue="No"`` one; line 457 ``urllib.parse.unquote``s the
  question text (``%41`` becomes ``A``); line 72 reads only the resource's first file.
* Canvas (instructure/canvas-lms ``lib/cc/importer/standard/converter.rb``,
  ``replace_urls``): relative ``src``/``href`` are resolved to imported files;
  ``org_converter.rb`` ``convert_organizations``: ``organization > item > item`` are the
  modules, each with a title.

:func:`check_cartridge` returns every problem as ``"[rule] message"``; the tests show each
rule failing on a cartridge broken for it.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS = {"cp": CC_NS, "lomm": LOMM_NS, "q": QTI_NS}
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
MANIFEST = "imsmanifest.xml"
PROFILES = {"cc.multiple_choice.v0p1", "cc.true_false.v0p1", "cc.multiple_response.v0p1"}
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LOADING = {"img": "src", "script": "src", "iframe": "src", "link": "href", "source": "src",
            "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}

Entries = Mapping[str, bytes]


def read_zip(path: Path | str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(entries: Entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass
class _Context:
    entries: Entries
    xsd_dir: Path
    manifest: etree._Element | None = None
    problems: list[str] = field(default_factory=list)

    def add(self, rule: str, message: str) -> None:
        self.problems.append(f"[{rule}] {message}")


def _schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


_SCHEMAS: dict[Path, etree.XMLSchema] = {}


def schema(path: Path) -> etree.XMLSchema:
    if path not in _SCHEMAS:
        _SCHEMAS[path] = _schema(path)
    return _SCHEMAS[path]


def _root_manifest(ctx: _Context) -> None:
    # Moodle: the first imsmanifest.xml of a recursive walk; Canvas prepares it at the root.
    if MANIFEST not in ctx.entries:
        nested = [n for n in ctx.entries if n.endswith("/" + MANIFEST)]
        ctx.add("zip-root", f"no {MANIFEST} at the zip root (nested: {nested})")
        return
    ctx.manifest = etree.fromstring(ctx.entries[MANIFEST])


def _detect(ctx: _Context) -> None:
    # Moodle imscc11_converter::detect_format (lib.php 40-64).
    head = ctx.entries.get(MANIFEST, b"")[:500].decode("utf-8", "replace").lower()
    head = re.sub(r"\s*", "", head).replace("'", "").replace('"', "")
    if "xmlns=http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" not in head:
        ctx.add("detect", "the CC 1.1 default namespace is not in the manifest's first "
                          "500 bytes: Moodle does not recognise the file as CC 1.1")


def _xsd(ctx: _Context) -> None:
    # Moodle manifest_validator against schemas11 (lib.php 93-97): any error aborts.
    if ctx.manifest is None:
        return
    validator = schema(ctx.xsd_dir / "cc11libxml2validator.xsd")
    if not validator.validate(ctx.manifest):
        for error in validator.error_log:
            ctx.add("xsd-manifest", f"line {error.line}: {error.message}")


def _metadata(ctx: _Context) -> None:
    m = ctx.manifest
    if m is None:
        return
    schema_name = m.findtext("cp:metadata/cp:schema", namespaces=NS)
    version = m.findtext("cp:metadata/cp:schemaversion", namespaces=NS)
    title = m.findtext("cp:metadata/lomm:lom/lomm:general/lomm:title/lomm:string",
                       namespaces=NS)
    if schema_name != "IMS Common Cartridge" or version != "1.1.0":
        ctx.add("metadata", f"schema/schemaversion are {schema_name!r}/{version!r}")
    if not (title or "").strip():
        ctx.add("metadata", "no lomimscc:lom general title: Moodle names the course "
                            "'Untitled Course'")


def _resources(m: etree._Element) -> dict[str, etree._Element]:
    return {r.get("identifier", ""): r for r in m.iterfind("cp:resources/cp:resource", NS)}


def _organization(ctx: _Context) -> None:
    m = ctx.manifest
    if m is None:
        return
    orgs = m.findall("cp:organizations/cp:organization", NS)
    if len(orgs) != 1 or orgs[0].get("structure") != "rooted-hierarchy":
        ctx.add("organization", "want exactly one organization structure='rooted-hierarchy'")
        return
    roots = orgs[0].findall("cp:item", NS)
    if len(roots) != 1:
        ctx.add("organization", f"want one root item, found {len(roots)}")
        return
    if roots[0].find("cp:title", NS) is not None or roots[0].get("identifierref"):
        ctx.add("organization", "the root item has a title or a resource")
    resources = _resources(m)
    for module in roots[0].findall("cp:item", NS):
        if not (module.findtext("cp:title", namespaces=NS) or "").strip():
            ctx.add("organization", f"module item {module.get('identifier')} has no title")
        if module.get("identifierref"):
            ctx.add("organization", f"item {module.get('identifier')} under the root is "
                                    "not a module (Canvas files it under 'Misc Module')")
    ids = [e.get("identifier") for e in m.iter() if e.get("identifier") is not None]
    if len(ids) != len(set(ids)):
        ctx.add("organization", "identifiers are not unique")
    for item in roots[0].iter(f"{{{CC_NS}}}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in resources:
            # libxml2 does not report a dangling xs:IDREF (shared/xsd/cc11/README.md)
            ctx.add("organization", f"item {item.get('identifier')} names no resource {ref}")


def _files(ctx: _Context) -> None:
    m = ctx.manifest
    if m is None:
        return
    listed: set[str] = set()
    launched = {i.get("identifierref") for i in m.iter(f"{{{CC_NS}}}item")}
    for ident, resource in _resources(m).items():
        files = [f.get("href", "") for f in resource.findall("cp:file", NS)]
        listed.update(files)
        for href in [resource.get("href"), *files]:
            if href and _PERCENT.search(href):
                ctx.add("paths", f"{ident}: percent-encoded path {href!r} (paths are literal)")
        missing = [f for f in files if f not in ctx.entries]
        if missing:
            ctx.add("files", f"{ident}: listed files not in the zip: {missing}")
        kind = resource.get("type")
        if kind == "webcontent" and ident in launched:
            # a lesson page: Moodle inlines it only when the href (else the first file)
            # ends .html; cc2olx reads the first file only (qti.py/html.py line 55/72)
            href = resource.get("href", "")
            if not files or files[0] != href:
                ctx.add("webcontent", f"{ident}: href {href!r} is not its first file")
            if not href.endswith(".html"):
                ctx.add("webcontent", f"{ident}: href {href!r} is not an .html page")
        if kind == ASSESSMENT and (len(files) != 1 or resource.get("href") is not None):
            ctx.add("assessment", f"{ident}: an assessment has one file and no href")
    unlisted = sorted(set(ctx.entries) - listed - {MANIFEST})
    if unlisted:
        ctx.add("files", f"zip members no resource lists: {unlisted}")


def _pages(ctx: _Context) -> None:
    m = ctx.manifest
    if m is None:
        return
    for resource in _resources(m).values():
        href = resource.get("href") or ""
        if resource.get("type") != "webcontent" or not href.endswith(".html"):
            continue
        raw = ctx.entries.get(href, b"")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            ctx.add("page", f"{href}: not UTF-8")
            continue
        page = etree.HTML(text)
        if page is None:
            continue
        if page.find(".//script") is not None:
            ctx.add("page", f"{href}: has a <script> (Moodle strips scripts: PARAM_CLEANHTML)")
        for tag, attribute in _LOADING.items():
            for element in page.iter(tag):
                url = (element.get(attribute) or "").strip()
                if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I) and \
                        not url.startswith("data:"):
                    ctx.add("page", f"{href}: <{tag}> loads {url!r} from outside the "
                                    "cartridge")


def _assessments(ctx: _Context) -> None:
    m = ctx.manifest
    if m is None:
        return
    qti_schema = schema(ctx.xsd_dir / "ccv1p1_qtiasiv1p2p1_v1p0.xsd")
    for resource in _resources(m).values():
        if resource.get("type") != ASSESSMENT:
            continue
        first = resource.find("cp:file", NS)
        path = first.get("href", "") if first is not None else ""
        if path not in ctx.entries:
            continue
        root = etree.fromstring(ctx.entries[path])
        if not qti_schema.validate(root):
            for error in qti_schema.error_log:
                ctx.add("xsd-qti", f"{path} line {error.line}: {error.message}")
        check_qti(root, path, ctx.add)


def check_qti(root: etree._Element, path: str, add: Callable[[str, str], None]) -> None:
    """The CC profile and the importers' reading of one QTI assessment file."""
    assessments = root.findall("q:assessment", NS)
    if len(assessments) != 1 or not (assessments[0].get("title") or "").strip():
        add("qti", f"{path}: want one titled <assessment>")
        return
    assessment = assessments[0]
    fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                    namespaces=NS)
              for f in assessment.iterfind("q:qtimetadata/q:qtimetadatafield", NS)}
    if fields.get("cc_profile") != "cc.exam.v0p1":
        add("qti", f"{path}: assessment cc_profile is {fields.get('cc_profile')!r}")
    if len(assessment.findall("q:section", NS)) != 1:
        add("qti", f"{path}: want exactly one <section>")
    if root.find(".//q:flow", NS) is not None:
        add("flow", f"{path}: <flow> found (cc2olx cc_xml.py 230/339 reads "
                    "presentation/material/mattext only)")
    for item in root.iterfind(".//q:section/q:item", NS):
        _check_item(item, f"{path} item {item.get('ident')}", add)


def item_profile(item: etree._Element) -> str | None:
    for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS):
        if f.findtext("q:fieldlabel", namespaces=NS) == "cc_profile":
            return f.findtext("q:fieldentry", namespaces=NS)
    return None


def _check_item(item: etree._Element, where: str, add: Callable[[str, str], None]) -> None:
    profile = item_profile(item)
    if profile not in PROFILES:
        add("qti", f"{where}: cc_profile {profile!r} (Moodle skips the question)")
    text = item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    if not (text or "").strip():
        add("qti", f"{where}: no presentation/material/mattext")
    labels = item.findall("q:presentation/q:response_lid/q:render_choice/q:response_label", NS)
    if text and _PERCENT.search(html.unescape(text)):
        # only the question text: cc2olx qti.py 457 unquotes it (options are set as text)
        add("percent", f"{where}: %XX sequence in {text!r} (cc2olx qti.py 457 unquotes)")
    idents = [lab.get("ident") for lab in labels]
    if profile == "cc.multiple_choice.v0p1" and len(labels) < 3:
        add("options", f"{where}: multiple choice with {len(labels)} options (CC 1.1: 3+)")
    if profile == "cc.true_false.v0p1" and sorted(map(str, idents)) != ["false", "true"]:
        add("options", f"{where}: true/false labels {idents} (Moodle wants true/false)")
    if profile == "cc.multiple_response.v0p1" and len(labels) < 2:
        add("options", f"{where}: multiple response with {len(labels)} options")
    _check_processing(item, where, set(map(str, idents)), add)


def _check_processing(item: etree._Element, where: str, idents: set[str],
                      add: Callable[[str, str], None]) -> None:
    conditions = item.findall("q:resprocessing/q:respcondition", NS)
    final = [c for c in conditions if c.get("continue", "No") == "No"]
    if len(final) != 1:
        add("respcondition", f"{where}: {len(final)} continue='No' conditions, want one")
        return
    setvars = final[0].findall("q:setvar", NS)
    if [(s.get("varname"), s.get("action"), (s.text or "").strip()) for s in setvars] != \
            [("SCORE", "Set", "100")]:
        add("respcondition", f"{where}: the correct condition does not set SCORE to 100")
    named = {v.text for v in final[0].iterfind("q:conditionvar//q:varequal", NS)}
    if not named <= idents:
        add("respcondition", f"{where}: varequal names {named - idents}, no option")
    for condition in conditions[:conditions.index(final[0])]:
        # cc2olx qti.py 247-258: any varequal here would make that option correct too.
        tested = condition.find("q:conditionvar", NS)
        children = [c.tag for c in tested] if tested is not None else []
        if children != [f"{{{QTI_NS}}}other"]:
            add("feedback", f"{where}: a condition before the correct one tests "
                            f"{children}, not <other/>")
    feedback = {f.get("ident") for f in item.findall("q:itemfeedback", NS)}
    for shown in item.iterfind("q:resprocessing/q:respcondition/q:displayfeedback", NS):
        if shown.get("linkrefid") not in feedback:
            add("feedback", f"{where}: displayfeedback {shown.get('linkrefid')} has no "
                            "itemfeedback")


RULES: tuple[Callable[[_Context], None], ...] = (
    _root_manifest, _detect, _xsd, _metadata, _organization, _files, _pages, _assessments)


def check_cartridge(entries: Entries, xsd_dir: Path) -> list[str]:
    """Every problem of the cartridge ``entries`` (zip member -> bytes); ``xsd_dir`` is
    ``../shared/xsd/cc11``."""
    ctx = _Context(entries, xsd_dir)
    for rule in RULES:
        rule(ctx)
    return ctx.problems


# --- reading a cartridge back, as the importers do ----------------------------------------


@dataclass(frozen=True)
class ReadQuestion:
    text: str
    options: tuple[str, ...]
    correct_moodle: tuple[int, ...]
    correct_cc2olx: tuple[int, ...]
    feedback: str | None


@dataclass(frozen=True)
class ReadCartridge:
    title: str
    modules: tuple[tuple[str, tuple[str, ...]], ...]
    pages: Mapping[str, str]
    quizzes: Mapping[str, tuple[ReadQuestion, ...]]


def _unhtml(text: str | None) -> str:
    """What a browser shows of a text/html mattext holding text (comments dropped)."""
    return html.unescape(re.sub(r"<!--.*?-->", "", text or "", flags=re.S))


def _correct_moodle(item: etree._Element, idents: list[str]) -> tuple[int, ...]:
    # entity11.quiz: the last condition whose first varequal names the option decides;
    # for multiple response every varequal not under <not> of the SCORE=100 condition.
    correct = set()
    for index, ident in enumerate(idents):
        verdict = False
        for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
            first = condition.find("q:conditionvar//q:varequal", NS)
            plain = [v.text for v in condition.iterfind("q:conditionvar//q:varequal", NS)
                     if v.getparent() is not None and
                     etree.QName(v.getparent()).localname != "not"]
            score = condition.findtext("q:setvar", namespaces=NS)
            if (first is not None and first.text == ident) or ident in plain:
                verdict = (score or "0").strip() not in ("", "0")
        if verdict:
            correct.add(index)
    return tuple(sorted(correct))


def _correct_cc2olx(item: etree._Element, idents: list[str]) -> tuple[int, ...]:
    marked: set[str] = set()
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        found = condition.findall("q:conditionvar/q:varequal", NS) or \
            condition.findall("q:conditionvar/q:and/q:varequal", NS) + \
            condition.findall("q:conditionvar/q:or/q:varequal", NS)
        marked.update(v.text or "" for v in found)
        if condition.get("continue", "No") == "No":
            break
    return tuple(i for i, ident in enumerate(idents) if ident in marked)


def read_question(item: etree._Element) -> ReadQuestion:
    labels = item.findall("q:presentation/q:response_lid/q:render_choice/q:response_label", NS)
    idents = [lab.get("ident", "") for lab in labels]
    link = item.find("q:resprocessing/q:respcondition/q:displayfeedback", NS)
    feedback = None
    if link is not None:
        for fb in item.iterfind("q:itemfeedback", NS):
            if fb.get("ident") == link.get("linkrefid"):
                feedback = _unhtml(fb.findtext("q:flow_mat/q:material/q:mattext",
                                               namespaces=NS))
    return ReadQuestion(
        text=_unhtml(item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)),
        options=tuple(_unhtml(lab.findtext("q:material/q:mattext", namespaces=NS))
                      for lab in labels),
        correct_moodle=_correct_moodle(item, idents),
        correct_cc2olx=_correct_cc2olx(item, idents), feedback=feedback)


def read_cartridge(entries: Entries) -> ReadCartridge:
    """Course title, modules (title, item titles), each page item's HTML by title, and each
    quiz item's questions by title, read from the manifest and the files it names."""
    m = etree.fromstring(entries[MANIFEST])
    resources = _resources(m)
    title = m.findtext("cp:metadata/lomm:lom/lomm:general/lomm:title/lomm:string",
                       namespaces=NS) or ""
    modules, pages, quizzes = [], {}, {}
    root = m.find("cp:organizations/cp:organization/cp:item", NS)
    for module in root.findall("cp:item", NS) if root is not None else []:
        titles = []
        for item in module.iter(f"{{{CC_NS}}}item"):
            ref = item.get("identifierref")
            if ref is None:
                continue
            name = item.findtext("cp:title", namespaces=NS) or ""
            titles.append(name)
            resource = resources[ref]
            first = resource.find("cp:file", NS)
            data = entries[first.get("href", "")] if first is not None else b""
            if resource.get("type") == ASSESSMENT:
                qti = etree.fromstring(data)
                quizzes[name] = tuple(read_question(i)
                                      for i in qti.iterfind(".//q:section/q:item", NS))
            else:
                pages[name] = data.decode("utf-8")
        modules.append((module.findtext("cp:title", namespaces=NS) or "", tuple(titles)))
    return ReadCartridge(title, tuple(modules), pages, quizzes)
