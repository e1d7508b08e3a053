"""Entry point of the frozen app: the same ``main()`` as the ``interview-desk`` command."""

import multiprocessing
import sys

from interview_desk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process must not start the app again
    sys.exit(main())
