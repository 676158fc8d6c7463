"""LaTeX formulas as MathML, written into the page at build time: no script, no CDN."""

from __future__ import annotations


class MathError(ValueError):
    """A formula latex2mathml cannot read; the message quotes it."""


def to_mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises several kinds
        raise MathError(f"cannot render the formula {latex.strip()!r}: {error}") from None
    # HTML needs no namespace on <math>; a display formula may scroll sideways on a
    # narrow screen, so it takes the keyboard focus, as scrollable regions must
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    if display:
        mathml = mathml.replace("<math ", '<math tabindex="0" ', 1)
    return mathml
