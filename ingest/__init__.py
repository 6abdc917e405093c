"""Reading, parsing and matching the spreadsheets uploaded by managers."""
