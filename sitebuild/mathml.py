"""LaTeX formulas as MathML, written into the page at build time: no script, no CDN."""

from __future__ import annotations

import re

# latex2mathml copies the argument of \text (and its kin) into <mtext> as it is, so a
# "<" there would open a tag: such characters travel as private-use stand-ins and are
# written back escaped (a translated \text{} may hold any words)
TEXT_ARG_RE = re.compile(r"\\(?:text[a-z]*|mbox|hbox)\s*\{[^{}]*\}")
STAND_INS = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
ESCAPED = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"}


class MathError(ValueError):
    """A formula latex2mathml cannot read; the message quotes it."""


def to_mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    text = TEXT_ARG_RE.sub(lambda m: m[0].translate(str.maketrans(STAND_INS)), latex.strip())
    try:
        mathml = convert(text, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises several kinds
        raise MathError(f"cannot render the formula {latex.strip()!r}: {error}") from None
    for stand_in, escaped in ESCAPED.items():  # raw, or as latex2mathml's numeric entity
        mathml = mathml.replace(stand_in, escaped).replace(f"&#x{ord(stand_in):05X};", escaped)
    # HTML needs no namespace on <math>; a display formula may scroll sideways on a
    # narrow screen, so it takes the keyboard focus, as scrollable regions must
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    if display:
        mathml = mathml.replace("<math ", '<math tabindex="0" ', 1)
    return mathml
