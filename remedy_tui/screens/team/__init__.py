"""The areas of the people who are not case managers: a TPD's trainees, the team's users."""
