// Before Ink (and its chalk) is imported: no colour, so frames are plain text.
process.env.FORCE_COLOR = '0';
