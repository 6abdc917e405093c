"""French wording, the ground floor: the texts of the interface and of the exports
(`texts`), French number and date formats (`format`), and the sentences built from them
(`qpv_format`, `import_outcome`). Pure Python: imports no other package of the app, so
ingest/, queries/, geo/, exports/, the CLI and the pages all may use it."""
