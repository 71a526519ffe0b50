"""What the services hand to screens and documents: small frozen records, and the framework's
questions as data. Nothing here opens a session or holds an ORM row, so the documents can use
these without importing the services that make them (the services, in turn, call the documents)."""
