"""People and groups: my groups, a group's header and members, people search, a person's header."""
