"""Entry point for ``python -m desktop_app``."""

import sys

from desktop_app.app import main

sys.exit(main())
