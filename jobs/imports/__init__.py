"""Spreadsheet import and export (xlsx, csv) of each registry, with Chinese column headers.

The headers are the file format staff exchange with other offices, so they are fixed Chinese
strings rather than translated labels. Every import runs in one transaction: a file with any bad
row changes nothing, and each bad row is reported with its field and the rule it broke.
"""
