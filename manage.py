#!/usr/bin/env python
"""Same as the `esep` console command, for those who expect manage.py."""

from esep.__main__ import main

if __name__ == "__main__":
    main()
