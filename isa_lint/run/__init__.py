"""Run: the speed machinery behind the engine (results cache, worker pool, projections, compiled pages)."""
