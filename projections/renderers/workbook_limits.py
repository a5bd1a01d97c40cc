"""How much of a workbook is read: every limit on a workbook sent in, in one place.

Each is far above what a real plan (hundreds of milestones) or a round of status reports
(thousands of rows) needs, and low enough that a hostile file is refused within seconds and
without unpacking it: openpyxl spends about 15 µs on each cell and keeps every shared string.
Read them as `workbook_limits.MAX_ROWS`, so that a test may lower one.
"""

MIB = 1024 * 1024

# The archive, judged by its directory before anything is unpacked.
MAX_WORKBOOK_BYTES = 16 * MIB  # the file as sent; also the web's limit on a request body
MAX_MEMBERS = 1_000  # files in the archive; Excel writes 10 to 50
MAX_UNPACKED_BYTES = 64 * MIB  # all members unpacked; a plan of 2,000 long milestones is 20 MB
MAX_RATIO = 200  # unpacked : packed, of a member over RATIO_GRACE_BYTES; real parts 5 to 100
RATIO_GRACE_BYTES = MIB

# The XML of every part, in one streaming pass before openpyxl parses any of it.
MAX_XML_ELEMENTS = 500_000  # of all parts; a round of 10,000 filled-in rows has 210,000
MAX_XML_DEPTH = 100  # SpreadsheetML nests about 10 deep
MAX_MARKUP_BYTES = MIB  # one tag or comment; a tag of a real workbook is under 1 KB

# Every sheet: its declared range and the rows and cells it has.
MAX_ROWS = 10_000  # below the header row
MAX_COLUMNS = 200  # the templates have 7 to 13; only those are read
