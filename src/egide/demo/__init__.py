"""The fictional hospital group of `egide demo` and the steps other apps add to it."""
