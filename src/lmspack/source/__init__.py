"""Reading a course from disk: files and their text, paths, positions, CSV, atomic writes.

The lowest layer above the diagnostics: it knows nothing of lessons or widgets. Every
stage reads and writes through it, so decoding, position tracking, CSV parsing and atomic
replacement are each written once.
"""
