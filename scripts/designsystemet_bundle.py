"""Bundle the Designsystemet CSS the site uses into one vendored file.

`make designsystemet` runs npm to fetch the pinned package and build the theme, then this
script: it concatenates the theme and only the components the public pages use, in the
cascade layers Designsystemet's own index.css puts them in, so a page downloads one small
stylesheet instead of the whole package (about 150 KB). No Node.js is needed at run time.

    python scripts/designsystemet_bundle.py PACKAGE_DIR THEME_CSS OUT_CSS
"""

import pathlib
import sys

# Designsystemet's base layer (reset, typography) and the components the templates use,
# in index.css's order (later rules win within a layer).
BASE = ["base", "paragraph", "validation-message"]
COMPONENTS = [
    "link",
    "data-size-workaround",
    "button",
    "input",
    "label",
    "field",
    "fieldset",
    "alert",
    "skip-link",
    "details",
    "list",
    "card",
    "pagination",
    "tag",
    "error-summary",
    "table",
    "breadcrumbs",
    "badge",
]


def source(package: pathlib.Path, name: str) -> str:
    css = (package / "dist" / "src" / f"{name}.css").read_text(encoding="utf-8").strip()
    # A few files (search.css) already carry their layer; unwrap them so the bundle has one.
    prefix = "@layer ds.components{"
    if css.startswith(prefix):
        css = css[len(prefix) : -1]
    return css


def bundle(package: pathlib.Path, theme: pathlib.Path) -> str:
    version = __import__("json").loads((package / "package.json").read_text())["version"]
    header = (
        f"/* @digdir/designsystemet-css {version} (MIT, see LICENSE), components: "
        f"{', '.join(BASE + COMPONENTS)}; theme: Kulturskolerådet (see README.md) */\n"
    )
    return "".join(
        [
            header,
            "@layer ds.theme, ds.base, ds.components;\n",
            theme.read_text(encoding="utf-8").replace('@charset "UTF-8";', "").strip(),
            "\n@layer ds.base{",
            "".join(source(package, name) for name in BASE),
            "}\n@layer ds.components{",
            "".join(source(package, name) for name in COMPONENTS),
            "}\n",
        ]
    )


if __name__ == "__main__":
    package, theme, out = map(pathlib.Path, sys.argv[1:4])
    out.write_text(bundle(package, theme), encoding="utf-8")
