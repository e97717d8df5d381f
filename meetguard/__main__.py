import sys

from meetguard.app import main

sys.exit(main())
