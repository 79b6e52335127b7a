"""`python -m tutor.cli`: the `tutor` command, where the entry-point script is not on PATH."""

from tutor.cli import run

if __name__ == "__main__":
    run()
