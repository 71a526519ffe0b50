"""Documents: agendas, minutes, letters and exports (Markdown and Word)."""
