"""The intake app's pages: ``public`` for reporters, ``inbox`` for the hotline and its partners."""
