"""Everything that knows about Slack: the app factory, listeners and Block Kit rendering."""
