"""Qt-free watching for activity: when to ask each org, what needs the person, what they have not read."""
