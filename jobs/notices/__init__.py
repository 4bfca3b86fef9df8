"""What each kind of notice says, to whom and over which channels: the services that write them.

Texts are Chinese templates in ``jobs/templates/notices/<kind>.txt`` (first line the title, the
rest the body), rendered in Chinese whatever language a request was in. A person is written to
in the in-app inbox always, and by SMS, WeChat and email where they chose it and we have the
address; an employer in its inbox and by SMS to its contact; a staff member in the inbox and by
email. Each notice's key names the logical event, so that writing it again writes nothing. The
policy rules the texts apply (subsidies, insurance pools, training) are data: ``policies.py``.
Writing a notice queues it in ``workers.outbox``; delivering it is the background side's work.

Deliberately empty: each sub-module is imported by its own path, so that importing one (the
match lifecycle imports ``applications``) never imports the others (``digests`` imports the
lifecycle).
"""
