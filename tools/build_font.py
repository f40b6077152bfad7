"""Build the course's subset of Noto Sans CJK TC (SIL OFL 1.1) into helpers/fonts/.

Maintainer tool, run once when the character set needs to grow:
    python tools/build_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

The subset keeps ASCII, Latin-1, general punctuation, CJK symbols, Bopomofo, full-width forms and every
Han character of Big5 (levels 1 and 2, 13,060 characters: all Traditional Chinese in ordinary use), plus any
character used in the course's notebooks and helpers. The result is committed with the OFL licence beside it.
"""

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "helpers" / "fonts" / "NotoSansCJKtc-Regular-subset.otf"
FAMILY = "Noto Sans CJK TC"
# The subset gets a family name of its own, so matplotlib always picks it, even beside a system Noto install.
COURSE_FAMILY = "QEQT Noto Sans TC"


def big5_han():
    chars = set()
    for cp in range(0x3400, 0xA000):
        ch = chr(cp)
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            continue
        chars.add(cp)
    return chars


def course_chars():
    chars = set()
    for pattern in ("notebooks/*.ipynb", "solutions/*.ipynb", "helpers/**/*.py", "data/*.csv", "README.md"):
        for path in ROOT.glob(pattern):
            chars.update(ord(c) for c in path.read_text(encoding="utf-8", errors="ignore"))
    return chars


def main(ttc_path):
    collection = TTCollection(ttc_path)
    face = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0xFF),
        (0x2000, 0x206F),
        (0x2100, 0x218F),
        (0x2190, 0x21FF),
        (0x2200, 0x22FF),
        (0x2460, 0x24FF),
        (0x2500, 0x257F),
        (0x25A0, 0x25FF),
        (0x2600, 0x26FF),
        (0x3000, 0x303F),
        (0x3100, 0x312F),
        (0x31A0, 0x31BF),
        (0xFE30, 0xFE4F),
        (0xFF00, 0xFFEF),
    ]
    unicodes = {cp for a, b in ranges for cp in range(a, b + 1)} | big5_han() | course_chars()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(face)
    names = face["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            names.setName(COURSE_FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 4:
            names.setName(f"{COURSE_FAMILY} Regular", 4, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            names.setName("QEQTNotoSansTC-Regular", 6, rec.platformID, rec.platEncID, rec.langID)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    face.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e6:.1f} MB, {len(face.getBestCmap())} characters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
