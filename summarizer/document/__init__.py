"""What comes in: inputs read and cleaned (``cleaning/``: text, HTML, URLs), the
``Article`` with numbered sentences and exact offsets (``article``), its language
(``language``), and summaries saved earlier (``summaries``)."""
