"""Files the app hands out: Excel workbooks and slides built from the store and the checks."""
