"""Questions asked of the store: one `.sql` file per question in `sql/`, a runner, and the
indicator registry (`indicators.toml`) that names every figure once."""
