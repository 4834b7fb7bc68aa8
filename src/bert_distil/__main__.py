"""`python -m bert_distil predict MODEL [FILE|-]` (see bert_distil.deploy.cli)."""
import sys

from bert_distil.deploy.cli import main

sys.exit(main())
