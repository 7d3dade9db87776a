"""Program staff work the applications in the admin: «Søknader».

The modules here go by behaviour: who sees what, one application's workflow, the listing,
exports, bulk actions and reply letters.
"""
