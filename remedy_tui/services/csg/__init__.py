"""The Clinical Support Group (seed 000): members, referrals, meetings, agendas and documents.

Import the submodules directly (``from remedy_tui.services.csg import agenda``); this package
re-exports nothing, so the document builders can use its views without an import cycle.
"""
