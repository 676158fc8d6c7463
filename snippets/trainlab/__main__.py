"""`python -m trainlab`: the course lab on the command line."""

import sys


def main(argv: list[str] | None = None) -> int:
    from trainlab import __version__

    print(f"trainlab {__version__}: the lab command arrives with the training module.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
