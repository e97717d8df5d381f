"""The on-request terms check: read each cited document and say which quotes still stand.

`check` plans and runs it, `fetch` reads over HTTPS, `text` turns pages into text,
`match` finds quotes, `model` holds the results every face shows.
"""
