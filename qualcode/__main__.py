"""``python -m qualcode``."""

from qualcode.cli.app import main

if __name__ == "__main__":
    main()
