import sys

from fazhi.cli import main

sys.exit(main())
