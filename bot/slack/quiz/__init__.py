"""The daily quiz in Slack: its Block Kit (blocks), posting and revealing (poster), the clock
process (clock) and the service the listeners call (service)."""
