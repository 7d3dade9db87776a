"""The public application form: its fields, the window, what is stored, attachments,
spam protection and the applicant's status link.
"""
